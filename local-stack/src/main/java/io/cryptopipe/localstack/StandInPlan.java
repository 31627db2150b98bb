package io.cryptopipe.localstack;

/**
 * The paid plan the CoinGecko stand-in's Pro API key is on, as its {@code /key} reports it: the stand-in enforces
 * the per-minute limit on every call, and counts the calls it answered this month from {@code creditsUsedBefore}.
 * The monthly credits are reported, not enforced (CoinGecko does not document its answer once they are spent).
 *
 * @param name              the plan's name as {@code /key} reports it ({@code plan}), e.g. {@code Analyst};
 *                          {@code Enterprise} also unlocks {@code interval=5m}
 * @param ratePerMinute     {@code rate_limit_request_per_minute}, at least 1
 * @param monthlyCredits    {@code monthly_call_credit}, at least 1
 * @param creditsUsedBefore calls already spent this month when the plan is chosen, 0 or more
 */
public record StandInPlan(String name, int ratePerMinute, long monthlyCredits, long creditsUsedBefore) {

    /** The plan CoinGecko's documentation shows in its {@code /key} example, used while a test chose none. */
    static final StandInPlan DOCUMENTED_EXAMPLE = new StandInPlan("Other", 1000, 1_000_000, 0);
    private static final String ENTERPRISE = "Enterprise";

    public StandInPlan {
        if (name == null || name.isBlank() || ratePerMinute < 1 || monthlyCredits < 1 || creditsUsedBefore < 0) {
            throw new IllegalArgumentException("a plan needs a name, a rate limit and monthly credits of at least 1,"
                    + " and no negative credits used");
        }
    }

    public static StandInPlan of(String name, int ratePerMinute, long monthlyCredits) {
        return new StandInPlan(name, ratePerMinute, monthlyCredits, 0);
    }

    /** Whether the plan may ask for 5-minute history at any time ({@code interval=5m}: Enterprise only). */
    boolean fiveMinuteHistory() {
        return ENTERPRISE.equalsIgnoreCase(name);
    }
}
