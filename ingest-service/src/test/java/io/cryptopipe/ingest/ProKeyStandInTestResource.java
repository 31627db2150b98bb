package io.cryptopipe.ingest;

import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.StandInPlan;

import java.io.IOException;
import java.time.Duration;

/**
 * The real Kafka broker and the CoinGecko stand-in on the service's simulated time ({@link SimulatedTime}), whose
 * {@code /key} reports {@link #PLAN} to a Pro API key: a paid plan whose limits differ from the configured ones.
 */
public class ProKeyStandInTestResource extends KafkaAndCoinGeckoTestResource {

    /** Seven calls a minute, half a million credits, a thousand of them spent before the service starts. */
    public static final StandInPlan PLAN = new StandInPlan("Analyst", 7, 500_000, 1_000);

    private static CoinGeckoStandIn coingecko;

    @Override
    protected String startCoinGecko() throws IOException {
        coingecko = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(60), SimulatedTime.shareWithNextStart()).start()
                .plan(PLAN);
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
