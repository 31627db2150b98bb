package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in's scripted misbehaviour and its recorded market_chart, over real HTTP. */
class StandInFaultsTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private CoinGeckoStandIn standIn;

    @BeforeEach
    void start() throws IOException {
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(30), Clock.fixed(NOON, ZoneOffset.UTC)).start();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void scriptedAnswersAreServedOnceEachInOrderThenNormalAnswersResume() throws Exception {
        standIn.faults().script(
                StandInFaults.Fault.answer(429, "application/json", "{\"status\":{\"error_code\":429}}", "7"),
                StandInFaults.Fault.answer(503, "text/html", "<html>down</html>", null));

        HttpResponse<String> first = get("/coins/markets?vs_currency=usd", Duration.ofSeconds(5));
        HttpResponse<String> second = get("/coins/markets?vs_currency=usd", Duration.ofSeconds(5));
        HttpResponse<String> third = get("/coins/markets?vs_currency=usd", Duration.ofSeconds(5));

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("7");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).isEmpty();
        assertThat(second.body()).isEqualTo("<html>down</html>");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(third.body()).isArray()).isTrue();
        assertThat(standIn.faults().requests()).hasSize(3);
        assertThat(standIn.faults().requests().get(2).fault()).isNull();
    }

    @Test
    void aBodyThatNeverEndsHoldsTheClientUntilItGivesUp() {
        standIn.faults().script(StandInFaults.Fault.neverEnds());

        // The status and headers arrive; the body does not, so only a deadline on the whole exchange ends it.
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(
                HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/api/v3/coins/markets?vs_currency=usd"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThatThrownBy(() -> exchange.get(700, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        standIn.faults().releaseHeld();
        exchange.cancel(true);
    }

    @Test
    void aBrokenBodyEndsShortOfItsAnnouncedLength() {
        standIn.faults().script(StandInFaults.Fault.brokenBody());

        assertThatThrownBy(() -> get("/coins/markets?vs_currency=usd", Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theRecordedMarketChartEndsYesterdayAndIsCutToTheRange() throws Exception {
        LocalDate yesterday = LocalDate.parse("2026-11-24");
        long from = yesterday.minusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long to = yesterday.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;

        HttpResponse<String> response = get("/coins/bitcoin/market_chart/range?vs_currency=usd&from=" + from
                + "&to=" + to, Duration.ofSeconds(5));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode chart = mapper.readTree(response.body());
        assertThat(chart.get("prices").size()).isBetween(50, 80);
        assertThat(chart.get("market_caps").size()).isEqualTo(chart.get("prices").size());
        for (JsonNode point : chart.get("prices")) {
            assertThat(point.get(0).asLong()).isBetween(from * 1000, to * 1000);
        }
        assertThat(get("/coins/no-such-coin/market_chart/range?vs_currency=usd&from=" + from + "&to=" + to,
                Duration.ofSeconds(5)).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/api/v3" + path)).timeout(timeout)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
