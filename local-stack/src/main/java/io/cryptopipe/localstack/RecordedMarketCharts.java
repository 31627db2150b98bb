package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Recorded {@code /coins/{id}/market_chart} answers (30 days of hourly points), moved by whole days so that the
 * recording ends yesterday: a backfill of the last weeks then gets real points, at their real times of day.
 */
final class RecordedMarketCharts {

    private static final Map<String, String> RECORDINGS = Map.of(
            "bitcoin", "coingecko/market_chart/market_chart-bitcoin-30d-hourly-2021-04-15_to_2021-05-15.json");

    private final ObjectMapper mapper;
    private final LocalDate today;

    RecordedMarketCharts(ObjectMapper mapper, LocalDate today) {
        this.mapper = mapper;
        this.today = today;
    }

    /** The coin's points with from ≤ time ≤ to (UNIX seconds), as the range endpoint answers; empty for an unknown coin. */
    Optional<ObjectNode> range(String coin, long fromSeconds, long toSeconds) {
        String resource = RECORDINGS.get(coin);
        if (resource == null) {
            return Optional.empty();
        }
        JsonNode recorded = read(resource);
        JsonNode prices = recorded.get("prices");
        LocalDate lastDay = Instant.ofEpochMilli(prices.get(prices.size() - 1).get(0).asLong())
                .atZone(ZoneOffset.UTC).toLocalDate();
        long shiftMillis = ChronoUnit.DAYS.between(lastDay, today.minusDays(1)) * 86_400_000L;
        ObjectNode answer = mapper.createObjectNode();
        for (String series : new String[] {"prices", "market_caps", "total_volumes"}) {
            ArrayNode points = answer.putArray(series);
            for (JsonNode point : recorded.get(series)) {
                long at = point.get(0).asLong() + shiftMillis;
                if (at >= fromSeconds * 1000 && at <= toSeconds * 1000) {
                    points.addArray().add(at).add(point.get(1));
                }
            }
        }
        return Optional.of(answer);
    }

    private JsonNode read(String resource) {
        try (InputStream in = RecordedMarketCharts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
