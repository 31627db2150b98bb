package io.cryptopipe.ingest.client;

import io.cryptopipe.ingest.config.CoinGeckoAccess;
import io.cryptopipe.ingest.config.Plan;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CoinGeckoKeyHeaderTest {

    private static final String KEY = "CG-test-key-81b2";

    @Test
    void theDemoPlanSendsTheKeyInTheDemoHeaderOnly() {
        assertThat(headers(Optional.of(Plan.DEMO), Optional.of(KEY)))
                .containsOnlyKeys("x-cg-demo-api-key").containsEntry("x-cg-demo-api-key", java.util.List.of(KEY));
    }

    @Test
    void theProPlanSendsTheKeyInTheProHeaderOnly() {
        assertThat(headers(Optional.of(Plan.PRO), Optional.of(KEY)))
                .containsOnlyKeys("x-cg-pro-api-key").containsEntry("x-cg-pro-api-key", java.util.List.of(KEY));
    }

    @Test
    void aKeyWithoutAPlanIsSentAsADemoKeyStrippedOfBlanks() {
        assertThat(headers(Optional.empty(), Optional.of("  " + KEY + "\n")))
                .containsOnlyKeys("x-cg-demo-api-key").containsEntry("x-cg-demo-api-key", java.util.List.of(KEY));
    }

    @Test
    void thePublicPlanAndABlankKeySendNoKeyHeader() {
        assertThat(headers(Optional.of(Plan.PUBLIC), Optional.of(KEY))).isEmpty();
        assertThat(headers(Optional.empty(), Optional.of("  "))).isEmpty();
        assertThat(headers(Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void theKeyNeverShowsWhenTheFactoryIsPrinted() {
        assertThat(new CoinGeckoKeyHeader(CoinGeckoAccess.of(Optional.of(Plan.DEMO), Optional.of(KEY))).toString())
                .doesNotContain(KEY).contains("x-cg-demo-api-key");
    }

    private static MultivaluedMap<String, String> headers(Optional<Plan> plan, Optional<String> key) {
        return new CoinGeckoKeyHeader(CoinGeckoAccess.of(plan, key)).update(new MultivaluedHashMap<>(), new MultivaluedHashMap<>());
    }
}
