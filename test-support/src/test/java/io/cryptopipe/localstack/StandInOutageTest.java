package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted CoinGecko outage on the stand-in's clock: {@code /coins/markets} is refused for a window while the
 * charts keep answering, and a 5-minute chart read afterwards rebuilds exactly what polling would have seen.
 */
class StandInOutageTest extends StandInTestBase {

    private static final Instant TEN = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant OUTAGE_FROM = TEN.plus(Duration.ofMinutes(10));
    private static final Instant OUTAGE_UNTIL = TEN.plus(Duration.ofMinutes(30));
    private static final String BITCOIN = "/coins/markets?vs_currency=usd&ids=bitcoin";

    private final MutableClock clock = new MutableClock(TEN);

    @Test
    void marketsIsRefusedForTheWindowLikeCoinGeckosOutageWhileTheChartsAnswer() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), clock).start();
        standIn.faults().refuseMarkets(OUTAGE_FROM, OUTAGE_UNTIL);
        String recordedOutage = RecordedFiles.text("coingecko/errors/error-403-coins-markets-2023-03-30.json");

        Map<Instant, JsonNode> polled = new HashMap<>();
        for (Instant at = TEN; at.isBefore(TEN.plus(Duration.ofMinutes(40))); at = at.plusSeconds(30)) {
            clock.set(at);
            HttpResponse<String> poll = send(BITCOIN);
            boolean inOutage = !at.isBefore(OUTAGE_FROM) && at.isBefore(OUTAGE_UNTIL);
            assertThat(poll.statusCode()).as("poll at %s", at).isEqualTo(inOutage ? 403 : 200);
            if (inOutage) {
                assertThat(poll.body()).isEqualTo(recordedOutage);
                assertThat(send("/coins/bitcoin/market_chart?vs_currency=usd&days=1").statusCode()).isEqualTo(200);
            } else {
                polled.put(at, StandInRequests.json(poll.body()).get(0));
            }
        }
        assertThat(polled).hasSize(40);
        assertThat(standIn.faults().requests()).filteredOn(r -> r.fault() == StandInFaults.OUTAGE).hasSize(40);

        // After the outage, the last day's 5-minute points: what each poll saw, and inside the hole what a poll
        // would have seen, i.e. what /coins/markets serves for that instant once the outage is lifted.
        JsonNode chart = get("/coins/bitcoin/market_chart/range?vs_currency=usd&from=" + TEN.getEpochSecond()
                + "&to=" + clock.instant().getEpochSecond());
        standIn.faults().clear();
        int inHole = 0;
        for (int i = 0; i < chart.get("prices").size(); i++) {
            Instant at = Instant.ofEpochMilli(chart.get("prices").get(i).get(0).asLong());
            JsonNode seen = polled.get(at);
            if (seen == null) {
                clock.set(at);
                seen = get(BITCOIN).get(0);
                inHole++;
            }
            assertThat(chart.get("prices").get(i).get(1)).as("price at %s", at).isEqualTo(seen.get("current_price"));
            assertThat(chart.get("market_caps").get(i).get(1)).isEqualTo(seen.get("market_cap"));
            assertThat(chart.get("total_volumes").get(i).get(1)).isEqualTo(seen.get("total_volume"));
        }
        assertThat(chart.get("prices")).hasSize(8);
        assertThat(inHole).isEqualTo(4);
    }

    @Test
    void anOutageCanAnswerWithAnotherStatusAndEndsWhereItSays() throws Exception {
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(30), clock).start();
        standIn.faults().refuseMarkets(OUTAGE_FROM, OUTAGE_UNTIL,
                StandInFaults.Fault.answer(503, "text/html", "<html>503 Service Unavailable</html>", "120"));
        standIn.faults().script(StandInFaults.Fault.answer(502, "text/html", "<html>502</html>", null));

        clock.set(OUTAGE_FROM.minusMillis(1));
        assertThat(send(BITCOIN).statusCode()).as("the scripted fault, before the outage").isEqualTo(502);
        clock.set(OUTAGE_FROM);
        HttpResponse<String> refused = send(BITCOIN);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(standIn.faults().refusesMarketsAt(OUTAGE_UNTIL.minusMillis(1))).isTrue();
        clock.set(OUTAGE_UNTIL);
        assertThat(send(BITCOIN).statusCode()).isEqualTo(200);
        assertThat(standIn.faults().pending()).isZero();
    }

    private JsonNode get(String path) throws Exception {
        return client().get(path);
    }

    private HttpResponse<String> send(String path) throws Exception {
        return client().send(path);
    }
}
