package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What CoinGecko's {@code /key} (paid plans' Pro API) reports: the plan, its limits and this month's usage of the key.
 *
 * @param plan                   {@code plan}, e.g. {@code Analyst}
 * @param perMinute              {@code rate_limit_request_per_minute}
 * @param monthlyCredits         {@code monthly_call_credit}
 * @param totalMonthlyCalls      {@code current_total_monthly_calls}: calls made with the key this month
 * @param remainingMonthlyCalls  {@code current_remaining_monthly_calls}
 */
public record KeyUsage(String plan, int perMinute, int monthlyCredits, long totalMonthlyCalls,
        long remainingMonthlyCalls) {

    /** @throws CoinGeckoException when a limit is missing, not a whole number, or below 1 */
    static KeyUsage read(JsonNode json) {
        int perMinute = (int) Math.min(Integer.MAX_VALUE, positive(json, "rate_limit_request_per_minute"));
        int credits = (int) Math.min(Integer.MAX_VALUE, positive(json, "monthly_call_credit"));
        long total = count(json, "current_total_monthly_calls", 0);
        long remaining = count(json, "current_remaining_monthly_calls", Math.max(0, credits - total));
        return new KeyUsage(json.path("plan").asText(""), perMinute, credits, total, remaining);
    }

    private static long positive(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 1) {
            throw new CoinGeckoException(CoinGeckoException.Kind.BAD_BODY,
                    "/key answered no usable " + field + " (" + value + ")");
        }
        return value.longValue();
    }

    // Usage CoinGecko leaves out is taken from what the rest says; a negative count means nothing.
    private static long count(JsonNode json, String field, long otherwise) {
        JsonNode value = json.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0
                ? value.longValue() : otherwise;
    }
}
