package io.cryptopipe.ingest;

import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.testsupport.StandInSettings;

import java.io.IOException;
import java.util.Map;

/**
 * The real Kafka broker and the CoinGecko stand-in on the service's simulated time ({@link SimulatedTime}): the
 * stand-in's snapshots and its per-minute rate limit run on the clock the test moves, so a test waits out no real
 * minute. Init args: the stand-in's ({@link StandInSettings}; speed 60 and refresh 60 s by default; speed 1 makes
 * the history's timestamps the service's own time); the stand-in remembers every observation it serves.
 */
public class SimulatedStandInTestResource extends KafkaAndCoinGeckoTestResource {

    private static CoinGeckoStandIn coingecko;
    private StandInSettings settings = StandInSettings.from(Map.of(), 60, 60);

    @Override
    public void init(Map<String, String> initArgs) {
        settings = StandInSettings.from(initArgs, 60, 60);
    }

    @Override
    protected String startCoinGecko() throws IOException {
        coingecko = settings.start(SimulatedTime.shareWithNextStart());
        coingecko.recordServed();
        prepare(coingecko);
        return coingecko.baseUrl() + "/api/v3";
    }

    /** What a variant sets on the started stand-in before the service starts. */
    protected void prepare(CoinGeckoStandIn standIn) {
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
