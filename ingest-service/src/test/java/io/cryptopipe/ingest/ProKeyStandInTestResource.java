package io.cryptopipe.ingest;

import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.StandInPlan;

/**
 * The real Kafka broker and the CoinGecko stand-in on the service's simulated time ({@link SimulatedTime}), whose
 * {@code /key} reports {@link #PLAN} to a Pro API key: a paid plan whose limits differ from the configured ones.
 */
public class ProKeyStandInTestResource extends SimulatedStandInTestResource {

    /** Seven calls a minute, half a million credits, a thousand of them spent before the service starts. */
    public static final StandInPlan PLAN = new StandInPlan("Analyst", 7, 500_000, 1_000);

    @Override
    protected void prepare(CoinGeckoStandIn standIn) {
        standIn.plan(PLAN);
    }
}
