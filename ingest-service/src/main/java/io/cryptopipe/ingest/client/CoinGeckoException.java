package io.cryptopipe.ingest.client;

import java.time.Duration;
import java.util.Optional;

/** CoinGecko did not answer with a list of coins; the message says what it answered instead. */
public class CoinGeckoException extends RuntimeException {

    /** What went wrong, as a bounded metric tag. */
    public enum Kind {
        /** 429. */
        RATE_LIMITED("rate_limited"),
        /** 5xx, including CDN error pages. */
        SERVER_ERROR("server_error"),
        /** Another 4xx: a bad key, a plan that does not cover the request, a bad parameter. */
        CLIENT_ERROR("client_error"),
        /** A success status with a body that is not the expected JSON (HTML page, truncated, error object). */
        BAD_BODY("bad_body"),
        /** No complete answer in time. */
        TIMEOUT("timeout"),
        /** The connection could not be made or was dropped. */
        CONNECTION("connection");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        static Kind ofStatus(int status) {
            if (status == 429) {
                return RATE_LIMITED;
            }
            if (status >= 500) {
                return SERVER_ERROR;
            }
            return status >= 400 ? CLIENT_ERROR : BAD_BODY;
        }
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    public CoinGeckoException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public CoinGeckoException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, cause);
    }

    public CoinGeckoException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** How long CoinGecko asked to wait ({@code Retry-After}), when it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
