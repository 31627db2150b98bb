package io.cryptopipe.ingest.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanSettingsTest {

    @Test
    void eachPlanSendsItsKeyInItsOwnHeader() {
        assertThat(Plan.PUBLIC.keyHeader()).isEmpty();
        assertThat(Plan.DEMO.keyHeader()).contains("x-cg-demo-api-key");
        assertThat(Plan.PRO.keyHeader()).contains("x-cg-pro-api-key");
    }

    @Test
    void aPlanThatNeedsAKeyWithoutOneIsRefusedWithWhatToSet() {
        assertThatThrownBy(() -> PlanSettings.check(Plan.PRO, false, "https://pro-api.coingecko.com/api/v3"))
                .hasMessageContaining("COINGECKO_API_KEY");
    }

    @Test
    void aPlanPointedAtTheOtherPlansHostIsRefused() {
        assertThatThrownBy(() -> PlanSettings.check(Plan.PRO, true, "https://api.coingecko.com/api/v3"))
                .hasMessageContaining("pro-api.coingecko.com");
        assertThatThrownBy(() -> PlanSettings.check(Plan.DEMO, true, "https://pro-api.coingecko.com/api/v3"))
                .hasMessageContaining("ingest.coingecko.plan=pro");
        PlanSettings.check(Plan.DEMO, true, "http://127.0.0.1:8089/api/v3");
    }

    @Test
    void thePlanPicksTheDefaultHostUnlessTheBaseUrlIsSet() {
        assertThat(url(Map.of())).isEqualTo("https://api.coingecko.com/api/v3");
        assertThat(url(Map.of("ingest.coingecko.plan", "demo"))).isEqualTo("https://api.coingecko.com/api/v3");
        assertThat(url(Map.of("ingest.coingecko.plan", "pro"))).isEqualTo("https://pro-api.coingecko.com/api/v3");
        assertThat(url(Map.of("ingest.coingecko.plan", "pro", "COINGECKO_BASE_URL", "http://stand-in/api/v3")))
                .isEqualTo("http://stand-in/api/v3");
    }

    /** The service's own expression for the client URL, resolved by the same config library Quarkus uses. */
    private static String url(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "url", "${COINGECKO_BASE_URL:${coingecko.url.${ingest.coingecko.plan:public}}}",
                "coingecko.url.public", "https://api.coingecko.com/api/v3",
                "coingecko.url.demo", "https://api.coingecko.com/api/v3",
                "coingecko.url.pro", "https://pro-api.coingecko.com/api/v3"));
        properties.putAll(extra);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getValue("url", String.class);
    }
}
