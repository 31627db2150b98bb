package io.cryptopipe.faults;

import java.time.Instant;

/** What makes an observation one observation: the coin and the time CoinGecko observed it. */
record Identity(String coinId, Instant timestamp) {
}
