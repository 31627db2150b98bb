package io.cryptopipe.ingest;

import io.cryptopipe.localstack.CoinGeckoStandIn;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The real Kafka broker and the CoinGecko stand-in on the service's simulated time ({@link SimulatedTime}): the
 * stand-in's snapshots and its per-minute rate limit run on the clock the test moves, so a test waits out no real
 * minute. Init args: {@code coins} (default 250), {@code rate-limit} (calls per minute, default 0: none),
 * {@code refresh-seconds} (default 60) and {@code speed} (recorded seconds per simulated second, default 60; 1 makes
 * the history's timestamps the service's own time); the stand-in remembers every observation it serves.
 */
public class SimulatedStandInTestResource extends KafkaAndCoinGeckoTestResource {

    private static CoinGeckoStandIn coingecko;
    private int coins = 250;
    private int rateLimit;
    private long refreshSeconds = 60;
    private double speed = 60;

    @Override
    public void init(Map<String, String> initArgs) {
        coins = Integer.parseInt(initArgs.getOrDefault("coins", String.valueOf(coins)));
        rateLimit = Integer.parseInt(initArgs.getOrDefault("rate-limit", String.valueOf(rateLimit)));
        refreshSeconds = Long.parseLong(initArgs.getOrDefault("refresh-seconds", String.valueOf(refreshSeconds)));
        speed = Double.parseDouble(initArgs.getOrDefault("speed", String.valueOf(speed)));
    }

    @Override
    protected String startCoinGecko() throws IOException {
        coingecko = new CoinGeckoStandIn(0, speed, Duration.ofSeconds(refreshSeconds), SimulatedTime.shareWithNextStart(),
                coins, rateLimit).start();
        coingecko.recordServed();
        return coingecko.baseUrl() + "/api/v3";
    }

    @Override
    protected void stopCoinGecko() {
        if (coingecko != null) {
            coingecko.close();
        }
    }

    public static CoinGeckoStandIn coingecko() {
        return coingecko;
    }
}
