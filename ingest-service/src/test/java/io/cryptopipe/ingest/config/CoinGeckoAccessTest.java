package io.cryptopipe.ingest.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CoinGeckoAccessTest {

    private static final String KEY = "CG-test-key-81b2";

    @Test
    void withoutAPlanAKeyMeansDemoAndNoKeyMeansPublic() {
        assertThat(CoinGeckoAccess.of(Optional.empty(), Optional.of(KEY)).plan()).isEqualTo(Plan.DEMO);
        assertThat(CoinGeckoAccess.of(Optional.empty(), Optional.empty()).plan()).isEqualTo(Plan.PUBLIC);
        assertThat(CoinGeckoAccess.of(Optional.of(Plan.PRO), Optional.of(KEY)).plan()).isEqualTo(Plan.PRO);
    }

    @Test
    void aBlankKeyIsNoKeyAndAKeyIsStrippedOfBlanks() {
        CoinGeckoAccess blank = CoinGeckoAccess.of(Optional.empty(), Optional.of(" \n"));
        assertThat(blank.hasKey()).isFalse();
        assertThat(blank.plan()).isEqualTo(Plan.PUBLIC);
        assertThat(CoinGeckoAccess.of(Optional.empty(), Optional.of("  " + KEY + "\n")).keyHeader())
                .hasValueSatisfying(header -> assertThat(header.value()).isEqualTo(KEY));
    }

    @Test
    void theKeyIsScrubbedFromMessagesAndNeverPrinted() {
        CoinGeckoAccess access = CoinGeckoAccess.of(Optional.of(Plan.PRO), Optional.of(KEY));

        assertThat(access.redact("HTTP 401: API key " + KEY + " is invalid")).isEqualTo(
                "HTTP 401: API key [redacted] is invalid");
        assertThat(access.toString()).doesNotContain(KEY);
        assertThat(access.keyHeader().orElseThrow().toString()).doesNotContain(KEY).contains("x-cg-pro-api-key");
        assertThat(CoinGeckoAccess.of(Optional.empty(), Optional.empty()).redact("no key here"))
                .isEqualTo("no key here");
    }
}
