package io.cryptopipe.ingest.config;

import java.util.Optional;

/**
 * The CoinGecko plan in use and its API key, derived once from the configuration: a key is usable when it is not
 * blank (surrounding blanks dropped); without a configured plan, a key means the demo plan and no key the public one.
 * The key travels only in the plan's header, and never in a message: {@link #redact} scrubs it from any text, and
 * this object never prints it.
 */
public final class CoinGeckoAccess {

    private static final String REDACTED = "[redacted]";

    private final Plan plan;
    private final String key;

    private CoinGeckoAccess(Plan plan, String key) {
        this.plan = plan;
        this.key = key;
    }

    public static CoinGeckoAccess of(Optional<Plan> configuredPlan, Optional<String> configuredKey) {
        Optional<String> key = configuredKey.map(String::strip).filter(k -> !k.isEmpty());
        return new CoinGeckoAccess(configuredPlan.orElse(key.isPresent() ? Plan.DEMO : Plan.PUBLIC), key.orElse(null));
    }

    public static CoinGeckoAccess of(IngestConfig.CoinGecko config) {
        return of(config.plan(), config.apiKey());
    }

    public Plan plan() {
        return plan;
    }

    public boolean hasKey() {
        return key != null;
    }

    /** The header that carries the key and the key, when a key is set and the plan sends one. */
    public Optional<KeyHeader> keyHeader() {
        return key == null ? Optional.empty() : plan.keyHeader().map(name -> new KeyHeader(name, key));
    }

    /** The message with the key, wherever it shows (error bodies can echo it), replaced. */
    public String redact(String message) {
        return key == null || message == null ? message : message.replace(key, REDACTED);
    }

    @Override
    public String toString() {
        // Whatever prints this (a debugger, a CDI dump) must not print the key.
        return "CoinGeckoAccess[" + plan + (key == null ? ", no key]" : ", key not shown]");
    }

    /** A request header carrying the key; its own {@code toString} hides the key too. */
    public record KeyHeader(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + REDACTED;
        }
    }
}
