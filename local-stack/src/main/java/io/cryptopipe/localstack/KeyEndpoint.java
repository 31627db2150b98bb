package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * CoinGecko's {@code /key} (Pro API, "API Usage"): the key's plan and this month's usage, answered only to a paid
 * key. The stand-in counts every call it answered with status 200 as one credit, as CoinGecko's documentation says
 * each successful request does; the count starts again at each UTC month.
 */
final class KeyEndpoint {

    static final String PRO_KEY_HEADER = "x-cg-pro-api-key";
    static final String PRO_KEY_PARAM = "x_cg_pro_api_key";
    /**
     * What the public host answers a demo key or no key on {@code /key} (status 401, error 10005 "plan restricted";
     * reported the same by several public projects that probed it, whose quotes end after this first sentence).
     */
    static final String PRO_ONLY = StandInHttp.statusError(10005, "This request is limited to PRO API subscribers.");

    private final ObjectMapper mapper;
    private final Clock clock;
    private StandInPlan plan;
    private YearMonth month;
    private long calls;

    KeyEndpoint(ObjectMapper mapper, Clock clock, StandInPlan plan) {
        this.mapper = mapper;
        this.clock = clock;
        plan(plan);
    }

    /** Chooses the plan; this month's count starts at the plan's {@code creditsUsedBefore}. */
    synchronized void plan(StandInPlan chosen) {
        plan = chosen;
        month = currentMonth();
        calls = chosen.creditsUsedBefore();
    }

    synchronized StandInPlan plan() {
        return plan;
    }

    /** One call answered with status 200. */
    synchronized void served() {
        rollOver();
        calls++;
    }

    synchronized long callsThisMonth() {
        rollOver();
        return calls;
    }

    /** Whether the request carries a Pro API key (header or query parameter, as CoinGecko accepts either). */
    static boolean paid(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(PRO_KEY_HEADER);
        String param = StandInHttp.query(exchange).get(PRO_KEY_PARAM);
        return (header != null && !header.isBlank()) || (param != null && !param.isBlank());
    }

    void handle(HttpExchange exchange) throws IOException {
        if (!paid(exchange)) {
            StandInHttp.respond(exchange, 401, PRO_ONLY);
            return;
        }
        ObjectNode usage = mapper.createObjectNode();
        synchronized (this) {
            rollOver();
            usage.put("plan", plan.name());
            usage.put("rate_limit_request_per_minute", plan.ratePerMinute());
            usage.put("monthly_call_credit", plan.monthlyCredits());
            usage.put("current_total_monthly_calls", calls);
            usage.put("current_remaining_monthly_calls", Math.max(0, plan.monthlyCredits() - calls));
        }
        StandInHttp.respond(exchange, 200, mapper.writeValueAsString(usage));
    }

    private void rollOver() {
        YearMonth now = currentMonth();
        if (!now.equals(month)) {
            month = now;
            calls = 0;
        }
    }

    private YearMonth currentMonth() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    }
}
