package io.cryptopipe.testsupport;

import io.cryptopipe.localstack.CoinGeckoStandIn;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The CoinGecko stand-in as a test resource's init args choose it: {@code speed} (recorded seconds per second),
 * {@code refresh-seconds} (how long one snapshot is served), {@code coins} (default 250: the recorded ones) and
 * {@code rate-limit} (calls per minute; default 0, no limit).
 */
public record StandInSettings(double speed, long refreshSeconds, int coins, int rateLimit) {

    /** The init args' settings, with the resource's own defaults for speed and refresh. */
    public static StandInSettings from(Map<String, String> initArgs, double speed, long refreshSeconds) {
        return new StandInSettings(
                Double.parseDouble(initArgs.getOrDefault("speed", String.valueOf(speed))),
                Long.parseLong(initArgs.getOrDefault("refresh-seconds", String.valueOf(refreshSeconds))),
                Integer.parseInt(initArgs.getOrDefault("coins", "250")),
                Integer.parseInt(initArgs.getOrDefault("rate-limit", "0")));
    }

    /** A stand-in with these settings on {@code clock}, started on a free loopback port. */
    public CoinGeckoStandIn start(Clock clock) throws IOException {
        return new CoinGeckoStandIn(0, speed, Duration.ofSeconds(refreshSeconds), clock, coins, rateLimit).start();
    }
}
