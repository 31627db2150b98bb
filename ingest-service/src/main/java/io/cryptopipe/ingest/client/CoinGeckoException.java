package io.cryptopipe.ingest.client;

/** CoinGecko did not answer with a list of coins; the message says what it answered instead. */
public class CoinGeckoException extends RuntimeException {

    public CoinGeckoException(String message) {
        super(message);
    }

    public CoinGeckoException(String message, Throwable cause) {
        super(message, cause);
    }
}
