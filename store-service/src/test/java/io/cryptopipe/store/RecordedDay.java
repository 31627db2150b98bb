package io.cryptopipe.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.cryptopipe.store.repository.MarketQueryRepository;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The 48 recorded polls of one real day (250 coins each, from the local stack's replay data), moved in time so
 * that the day ends at the current hour, stored in {@code market_data_raw} in the shape the store writes; plus
 * daily documents for them as the daily job writes them, the later day with a quality report and the earlier
 * without. Loaded once per MongoDB server; the expected answers are computed here from the same observations.
 */
public final class RecordedDay {

    /** A coin CoinGecko sent without a market-cap rank. */
    public static final String UNRANKED_COIN = "polygon-ecosystem-token";
    static final Instant RECORDED_START = Instant.parse("2026-08-10T00:00:00Z");
    /** The newest daily document's repaired coverage and the seconds its time-weighted average covers. */
    public static final double REPAIRED_COVERAGE = 0.0208;
    public static final int TWAP_SECONDS = 82_800;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static String loadedInto;
    private static RecordedDay instance;

    /** Shifted observations by coin, oldest first, one per (coin, timestamp) as the unique index keeps them. */
    private final Map<String, List<Document>> byCoin;
    private final Duration shift;

    private RecordedDay(Map<String, List<Document>> byCoin, Duration shift) {
        this.byCoin = byCoin;
        this.shift = shift;
    }

    public static synchronized RecordedDay load(MongoClient client) {
        String server = LocalStackTestResource.testMongo().connectionString()
                + "/" + LocalStackTestResource.testMongo().database();
        if (server.equals(loadedInto)) {
            return instance;
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(24));
        Duration shift = Duration.between(RECORDED_START, start);
        Map<String, List<Document>> byCoin = new TreeMap<>();
        Set<String> identities = new HashSet<>();
        for (String file : files()) {
            for (JsonNode coin : read("/coingecko/replay/" + file)) {
                if (coin.path("current_price").isNull() || coin.path("last_updated").isNull()) {
                    continue; // refused by the contract, never stored
                }
                Instant observed = Instant.parse(coin.get("last_updated").asText()).plus(shift);
                if (identities.add(coin.get("id").asText() + "@" + observed)) {
                    byCoin.computeIfAbsent(coin.get("id").asText(), id -> new ArrayList<>())
                            .add(document(coin, observed, Instant.parse(file.replace("Z.json", "")
                                    .replaceFirst("T(\\d\\d)(\\d\\d)$", "T$1:$2:00Z")).plus(shift)));
                }
            }
        }
        // Recorded with a null market_cap_rank (in the 2024-09-05 response), moved into the day like the rest.
        JsonNode unranked = unranked();
        byCoin.put(unranked.get("id").asText(), new ArrayList<>(List.of(
                document(unranked, start.plus(Duration.ofHours(12)), start.plus(Duration.ofHours(12))))));
        byCoin.values().forEach(list -> list.sort(Comparator.comparing(d -> d.getDate("timestamp"))));
        MongoDatabase db = client.getDatabase(
                ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class));
        MongoCollection<Document> raw = db.getCollection(CollectionNames.RAW);
        raw.insertMany(byCoin.values().stream().flatMap(List::stream).toList(), new InsertManyOptions().ordered(true));
        RecordedDay day = new RecordedDay(byCoin, shift);
        MongoCollection<Document> daily = db.getCollection(CollectionNames.DAILY);
        // As the daily job creates it: its $merge needs a unique index on its "on" fields.
        daily.createIndex(Indexes.ascending("coin_id", "date"), new IndexOptions().unique(true));
        for (String coinId : List.of("bitcoin", "ethereum")) {
            List<Document> days = day.dailyDocuments(coinId);
            // The newest day as a daily job with repairs writes it, the one before as an older job did (no report).
            Document newest = days.get(days.size() - 1);
            newest.append("twap", newest.getDouble("avg_price")).append("twap_seconds", TWAP_SECONDS)
                    .append("quality", new Document("coverage", 0.9583)
                    .append("repaired_coverage", REPAIRED_COVERAGE).append("repaired_points", 6)
                    .append("longest_gap_seconds", 3600L).append("expected_points", 48)
                    .append("checked_at", new Date(0)));
            daily.insertMany(days);
        }
        loadedInto = server;
        instance = day;
        return day;
    }

    public List<Document> observations(String coinId) {
        return byCoin.get(coinId);
    }

    public Set<String> coinIds() {
        return byCoin.keySet();
    }

    /** The newest observation of a coin. */
    public Document latest(String coinId) {
        List<Document> all = byCoin.get(coinId);
        return all.get(all.size() - 1);
    }

    /** Where the recorded day starts after the shift. */
    public Instant start() {
        return RECORDED_START.plus(shift);
    }

    /** Daily documents per UTC day of timestamp, computed here as the daily job defines them. */
    public List<Document> dailyDocuments(String coinId) {
        Map<LocalDate, List<Document>> byDay = new TreeMap<>();
        for (Document obs : byCoin.get(coinId)) {
            byDay.computeIfAbsent(LocalDate.ofInstant(obs.getDate("timestamp").toInstant(), ZoneOffset.UTC),
                    d -> new ArrayList<>()).add(obs);
        }
        List<Document> days = new ArrayList<>();
        byDay.forEach((date, obs) -> {
            List<Double> prices = obs.stream().map(o -> o.getDouble("current_price")).toList();
            days.add(new Document("coin_id", coinId).append("date", date.toString())
                    .append("symbol", obs.get(0).getString("symbol")).append("name", obs.get(0).getString("name"))
                    .append("avg_price", prices.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                    .append("min_price", prices.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                    .append("max_price", prices.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
                    .append("open_price", prices.get(0)).append("close_price", prices.get(prices.size() - 1))
                    .append("data_points", obs.size())
                    .append("first_timestamp", obs.get(0).getDate("timestamp"))
                    .append("last_timestamp", obs.get(obs.size() - 1).getDate("timestamp")));
        });
        return days;
    }

    private static Document document(JsonNode coin, Instant observed, Instant fetched) {
        Document doc = new Document("coin_id", coin.get("id").asText())
                .append("timestamp", Date.from(observed))
                .append("fetched_at", Date.from(fetched))
                .append("source", "poll")
                .append("schema_version", 1)
                .append("symbol", coin.get("symbol").asText())
                .append("name", coin.get("name").asText());
        for (String field : RecordedMarkets.NUMBER_FIELDS) {
            JsonNode value = coin.get(field);
            doc.append(field, value == null || value.isNull() ? null : value.asDouble());
        }
        JsonNode rank = coin.get("market_cap_rank");
        doc.append("market_cap_rank", rank == null || rank.isNull() ? null : rank.asInt());
        return doc;
    }

    private static JsonNode unranked() {
        for (JsonNode coin : read("/coingecko/markets/markets-2024-09-05T0056Z-100.json")) {
            if (coin.get("id").asText().equals(UNRANKED_COIN)) {
                return coin;
            }
        }
        throw new IllegalStateException(UNRANKED_COIN + " is not in the recorded response");
    }

    private static List<String> files() {
        List<String> files = new ArrayList<>();
        try (InputStream in = RecordedDay.class.getResourceAsStream("/coingecko/replay/index.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().skip(1).map(line -> line.split(",")[0]).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = RecordedDay.class.getResourceAsStream(resource)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bucket statistics computed in plain Java, the independent reference for the API's MongoDB aggregation. */
    public static Map<Long, double[]> buckets(List<Document> observations, Instant from, Instant to, long stepMillis) {
        Map<Long, List<Double>> grouped = new TreeMap<>();
        for (Document obs : observations) {
            long t = obs.getDate("timestamp").getTime();
            if (t >= from.toEpochMilli() && t < to.toEpochMilli()) {
                grouped.computeIfAbsent(Math.floorDiv(t, stepMillis) * stepMillis, k -> new ArrayList<>())
                        .add(obs.getDouble("current_price"));
            }
        }
        Map<Long, double[]> result = new LinkedHashMap<>();
        grouped.forEach((bucket, prices) -> result.put(bucket, new double[]{
                prices.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                prices.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                prices.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                prices.size()}));
        return result;
    }
}
