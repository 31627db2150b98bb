package io.cryptopipe.localstack;

import org.junit.jupiter.api.AfterEach;

/** A test of the stand-in: the stand-in a test starts is closed after it, and its requests go over real HTTP. */
abstract class StandInTestBase {

    CoinGeckoStandIn standIn;
    private StandInRequests client;

    @AfterEach
    void closeStandIn() {
        if (standIn != null) {
            standIn.close();
        }
        client = null;
    }

    /** Requests to the stand-in the test started. */
    StandInRequests client() {
        if (client == null) {
            client = new StandInRequests(standIn);
        }
        return client;
    }
}
