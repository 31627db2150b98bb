package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Widens one recorded snapshot (the top 250 coins) to the whole market: coins ranked 251 to N, each derived from a
 * recorded coin (its template, chosen round-robin over the recorded coins in id order). A synthetic coin keeps its
 * template's fields, nulls and {@code last_updated} (so it changes exactly when its template changed between two
 * recorded polls, as the real long tail is refreshed unevenly), with its own id, symbol and name, a price scaled by a
 * fixed factor of its own (0.1 to 10 times the template's), and a market cap below every recorded one that falls
 * along the list like the real tail does and drifts with the template's 24 h change. Every 25th coin shares its
 * market cap with the coin derived before it, so the order has ties (broken by id, as any stable order must).
 */
final class SyntheticMarket {

    /** Each synthetic rank's market cap is this much smaller than the one above it. */
    private static final double TAIL_DECAY = 0.9995;
    private static final List<String> PRICE_FIELDS = List.of(
            "current_price", "high_24h", "low_24h", "price_change_24h", "ath", "atl");
    private static final List<String> CAP_FIELDS = List.of("fully_diluted_valuation", "market_cap_change_24h",
            "total_volume");

    private SyntheticMarket() {
    }

    /**
     * The recorded coins and synthetic ones up to {@code coins} in all (the recorded only if fewer), in
     * {@code order}; a synthetic coin's {@code market_cap_rank} is its place in that order.
     */
    static List<ObjectNode> widen(ArrayNode recorded, int coins, Comparator<JsonNode> byMarketCap) {
        List<ObjectNode> all = new ArrayList<>(Math.max(coins, recorded.size()));
        recorded.forEach(r -> all.add((ObjectNode) r));
        if (coins <= recorded.size()) {
            all.sort(byMarketCap);
            return all;
        }
        List<ObjectNode> templates = new ArrayList<>(all);
        templates.sort(Comparator.comparing(r -> r.path("id").asText()));
        double smallestCap = all.stream().map(r -> r.get("market_cap"))
                .filter(cap -> cap != null && cap.isNumber() && cap.asDouble() > 0)
                .mapToDouble(JsonNode::asDouble).min().orElse(1e6);
        double previousCap = smallestCap;
        for (int rank = recorded.size() + 1; rank <= coins; rank++) {
            ObjectNode template = templates.get((rank - recorded.size() - 1) % templates.size());
            ObjectNode coin = derive(template, rank, recorded.size(), smallestCap, previousCap);
            JsonNode cap = coin.get("market_cap");
            if (cap != null && cap.isNumber()) {
                previousCap = cap.asDouble();
            }
            all.add(coin);
        }
        List<ObjectNode> synthetic = all.subList(recorded.size(), all.size());
        java.util.Set<ObjectNode> derived = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        derived.addAll(synthetic);
        all.sort(byMarketCap);
        for (int i = 0; i < all.size(); i++) {
            ObjectNode coin = all.get(i);
            if (derived.contains(coin)) {
                JsonNode cap = coin.get("market_cap");
                if (cap != null && cap.isNumber()) {
                    coin.put("market_cap_rank", i + 1);
                } else {
                    coin.putNull("market_cap_rank");
                }
            }
        }
        return all;
    }

    private static ObjectNode derive(ObjectNode template, int rank, int recordedCount, double smallestCap,
            double capAbove) {
        ObjectNode coin = template.deepCopy();
        String base = template.path("id").asText();
        coin.put("id", base + "-s" + rank);
        coin.put("symbol", template.path("symbol").asText() + rank);
        coin.put("name", template.path("name").asText() + " S" + rank);
        // One fixed random factor per rank: the same coin has the same price level on every poll.
        SplittableRandom random = new SplittableRandom(rank * 0x9E3779B97F4A7C15L);
        double priceFactor = Math.pow(10, random.nextDouble(-1, 1));
        for (String field : PRICE_FIELDS) {
            scale(coin, field, priceFactor);
        }
        // The cap moves with the template's 24 h change, so neighbouring coins swap places from one snapshot to the
        // next (the tail's ranks move by a few dozen places), as they do on the real API while it is paged.
        JsonNode change = template.get("price_change_percentage_24h");
        double drift = 1 + (change != null && change.isNumber() ? change.asDouble() : 0) / 1000;
        double cap = rank % 25 == 0 ? capAbove
                : Math.floor(Math.min(smallestCap, smallestCap * Math.pow(TAIL_DECAY, rank - recordedCount) * drift));
        JsonNode templateCap = template.get("market_cap");
        if (templateCap != null && templateCap.isNumber() && templateCap.asDouble() > 0) {
            double capFactor = cap / templateCap.asDouble();
            coin.put("market_cap", cap);
            for (String field : CAP_FIELDS) {
                scale(coin, field, capFactor);
            }
            JsonNode price = coin.get("current_price");
            if (price != null && price.isNumber() && price.asDouble() > 0
                    && coin.get("circulating_supply") != null && coin.get("circulating_supply").isNumber()) {
                coin.put("circulating_supply", Math.floor(cap / price.asDouble()));
            }
        }
        // A template without a market cap gives a coin without one (and so without a rank), as CoinGecko lists them.
        return coin;
    }

    private static void scale(ObjectNode coin, String field, double factor) {
        JsonNode value = coin.get(field);
        if (value != null && value.isNumber()) {
            coin.put(field, value.asDouble() * factor);
        }
    }
}
