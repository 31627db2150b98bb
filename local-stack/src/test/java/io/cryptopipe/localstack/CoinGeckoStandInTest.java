package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CoinGeckoStandInTest {

    private static final Instant MIDDAY = Instant.parse("2026-11-25T12:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CoinGeckoStandIn standIn;

    @AfterEach
    void close() {
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    void atSpeedOneTheRecordedDayReadsAsTodayHourForHour() {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(60), Clock.fixed(MIDDAY, ZoneOffset.UTC));
        ArrayNode snapshot = standIn.snapshotAt(MIDDAY);
        assertThat(snapshot).hasSize(250);
        JsonNode bitcoin = find(snapshot, "bitcoin");
        Instant lastUpdated = Instant.parse(bitcoin.get("last_updated").asText());
        // The 11:30 recorded poll (fetched 11:32) is in effect at 12:00; its fresh records are minutes old.
        assertThat(lastUpdated).isBetween(MIDDAY.minus(Duration.ofMinutes(35)), MIDDAY);
        assertThat(lastUpdated.toString()).startsWith("2026-11-25T11:");
    }

    @Test
    void answersTheSameSnapshotInsideTheRefreshWindowAndANewOneAfterIt() {
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(30), Clock.fixed(MIDDAY, ZoneOffset.UTC));
        ArrayNode first = standIn.snapshotAt(MIDDAY.plusSeconds(1));
        ArrayNode sameWindow = standIn.snapshotAt(MIDDAY.plusSeconds(29));
        ArrayNode nextWindow = standIn.snapshotAt(MIDDAY.plusSeconds(31));
        assertThat(sameWindow).isEqualTo(first);
        Instant before = Instant.parse(find(first, "bitcoin").get("last_updated").asText());
        Instant after = Instant.parse(find(nextWindow, "bitcoin").get("last_updated").asText());
        assertThat(after).isAfter(before);
        assertThat(find(nextWindow, "bitcoin").get("current_price"))
                .isNotEqualTo(find(first, "bitcoin").get("current_price"));
    }

    @Test
    void aStaleRecordKeepsOneShiftedTimestampAcrossPollsAsTheRealApiRepeatsIt() {
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(30), Clock.fixed(MIDDAY, ZoneOffset.UTC));
        // Both instants fall in the same replayed day (a new loop over the day shifts every record anew).
        ArrayNode first = standIn.snapshotAt(MIDDAY.plusSeconds(31));
        ArrayNode later = standIn.snapshotAt(MIDDAY.plusSeconds(61));
        assertThat(find(later, "bitcoin").get("last_updated").asText())
                .isNotEqualTo(find(first, "bitcoin").get("last_updated").asText());
        assertThat(find(later, "little-john").get("last_updated").asText())
                .isEqualTo(find(first, "little-john").get("last_updated").asText());
    }

    @Test
    void servesMarketsByMarketCapWithPagingOverHttp() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(60), Clock.systemUTC()).start();
        JsonNode page1 = get("/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=50&page=1");
        JsonNode page2 = get("/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=50&page=2");
        assertThat(page1).hasSize(50);
        assertThat(page2).hasSize(50);
        assertThat(page1.get(0).get("id").asText()).isEqualTo("bitcoin");
        List<Double> caps = new ArrayList<>();
        page1.forEach(r -> caps.add(r.get("market_cap").asDouble()));
        page2.forEach(r -> caps.add(r.get("market_cap").asDouble()));
        assertThat(caps).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(get("/ping").get("gecko_says").asText()).contains("To the Moon");
    }

    @Test
    void refusesAMissingOrUnknownCurrencyWithCoinGeckosErrorShape() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(60), Clock.systemUTC()).start();
        HttpResponse<String> missing = send("/coins/markets");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).isEqualTo("{\"error\":\"Missing parameter vs_currency\"}");
        assertThat(send("/coins/markets?vs_currency=eur").statusCode()).isEqualTo(400);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/api/v3" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode find(ArrayNode records, String id) {
        Map<String, JsonNode> byId = new HashMap<>();
        records.forEach(r -> byId.put(r.get("id").asText(), r));
        assertThat(byId).containsKey(id);
        return byId.get(id);
    }
}
