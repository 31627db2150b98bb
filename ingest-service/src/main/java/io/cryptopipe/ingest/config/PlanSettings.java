package io.cryptopipe.ingest.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;

/**
 * The CoinGecko plan and key in use (one {@link CoinGeckoAccess} for the whole service), checked at start-up against
 * the host, and said in one line (never the key). A demo or pro plan without a key, or a pro key sent to the public
 * host, would only ever earn 401s.
 */
@ApplicationScoped
public class PlanSettings {

    static final String PRO_HOST = "pro-api.coingecko.com";
    static final String PUBLIC_HOST = "api.coingecko.com";

    private static final Logger LOG = Logger.getLogger(PlanSettings.class);

    private final String baseUrl;

    PlanSettings(@ConfigProperty(name = "quarkus.rest-client.coingecko.url") String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Produces
    @Singleton
    CoinGeckoAccess access(IngestConfig config) {
        return CoinGeckoAccess.of(config.coingecko());
    }

    void onStart(@Observes StartupEvent event, CoinGeckoAccess access) {
        check(access.plan(), access.hasKey(), baseUrl);
        LOG.infof("CoinGecko plan %s at %s, %s", access.plan().name().toLowerCase(), baseUrl,
                access.hasKey() ? "key from configuration (not shown)" : "no key");
    }

    /** @throws IllegalStateException with the one line that says what to fix */
    static void check(Plan plan, boolean hasKey, String baseUrl) {
        if (plan.needsKey() && !hasKey) {
            throw new IllegalStateException("CoinGecko plan " + plan.name().toLowerCase()
                    + " needs an API key: set COINGECKO_API_KEY (or choose ingest.coingecko.plan=public)");
        }
        if (!plan.needsKey() && hasKey) {
            LOG.warn("An API key is set but the CoinGecko plan is public: the key is not sent");
        }
        String host = hostOf(baseUrl);
        if (plan == Plan.PRO && PUBLIC_HOST.equals(host)) {
            throw new IllegalStateException("CoinGecko plan pro is served by " + PRO_HOST + ", not " + host
                    + ": unset COINGECKO_BASE_URL or point it at https://" + PRO_HOST + "/api/v3");
        }
        if (plan != Plan.PRO && PRO_HOST.equals(host)) {
            throw new IllegalStateException("CoinGecko plan " + plan.name().toLowerCase() + " is served by "
                    + PUBLIC_HOST + ", not " + host + ": set ingest.coingecko.plan=pro or fix COINGECKO_BASE_URL");
        }
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
