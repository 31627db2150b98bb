package io.cryptopipe.ingest;

import java.io.IOException;

/**
 * The real Kafka broker of the local stack, with CoinGecko replaced by a {@link StubCoinGecko} the test
 * controls. It starts by serving a recorded real answer.
 */
public class StubCoinGeckoTestResource extends KafkaAndCoinGeckoTestResource {

    public static final String RECORDED = "coingecko/markets/markets-2026-04-30T0229Z-100.json";

    private static StubCoinGecko coingecko;

    @Override
    protected String startCoinGecko() throws IOException {
        coingecko = new StubCoinGecko(new StubCoinGecko.Answer(200, "application/json",
                RecordedResponses.read(RECORDED))).start();
        return coingecko.baseUrl();
    }

    @Override
    protected void stopCoinGecko() {
        if (coingecko != null) {
            coingecko.close();
        }
    }

    public static StubCoinGecko coingecko() {
        return coingecko;
    }
}
