package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random JSON thrown at the reader. The rules are restated here, independently of the reader's code, as
 * {@link #brokenRule}: the reader must accept exactly the records that break none, and never throw.
 */
class CoinGeckoJsonReaderPropertyTest {

    private static final Instant FETCHED_AT = Instant.parse("2026-08-10T12:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> TEXTS = List.of("id", "symbol", "name");
    private static final List<String> AMOUNTS = List.of(
            "market_cap", "total_volume", "high_24h", "low_24h", "circulating_supply");
    private static final List<String> CHANGES = List.of("price_change_24h", "price_change_percentage_24h");
    private static final List<String> FIELDS = List.of("id", "symbol", "name", "current_price", "last_updated",
            "market_cap", "market_cap_rank", "total_volume", "high_24h", "low_24h", "price_change_24h",
            "price_change_percentage_24h", "circulating_supply", "roi", "ath", "extra");

    private final CoinGeckoJsonReader reader = new CoinGeckoJsonReader();

    @Property(tries = 2000)
    void acceptsExactlyTheRecordsThatBreakNoRuleAndNeverThrows(@ForAll("records") ObjectNode json) {
        Verdict verdict = reader.readMarketsRecord(new RawRecord(json, json.toString()), FETCHED_AT);

        Optional<String> broken = brokenRule(json);
        Statistics.label("verdict").collect(broken.isPresent() ? "refused" : "accepted");
        Statistics.label("verdict").coverage(coverage -> {
            // Both sides must be well exercised, or the property proves little.
            coverage.check("accepted").percentage(p -> p > 10);
            coverage.check("refused").percentage(p -> p > 30);
        });
        if (broken.isPresent()) {
            assertThat(verdict).as("breaks: %s", broken.get()).isInstanceOf(Verdict.Rejected.class);
            assertThat(((Verdict.Rejected) verdict).rejection().detail()).isNotBlank();
        } else {
            assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
            // Every field of the accepted record is the one CoinGecko sent under its own name, or the poll's own.
            MarketRecord record = ((Verdict.Accepted) verdict).record();
            assertThat(record.coinId()).isEqualTo(json.get("id").asText());
            assertThat(record.symbol()).isEqualTo(json.get("symbol").asText());
            assertThat(record.name()).isEqualTo(json.get("name").asText());
            assertThat(record.timestamp()).isEqualTo(OffsetDateTime.parse(json.get("last_updated").asText())
                    .toInstant());
            assertThat(record.fetchedAt()).isEqualTo(FETCHED_AT);
            assertThat(record.source()).isEqualTo(MarketRecord.SOURCE_POLL);
            assertThat(record.schemaVersion()).isEqualTo(MarketRecord.SCHEMA_VERSION);
            assertThat(record.currentPrice()).isEqualTo(json.get("current_price").doubleValue());
            assertThat(record.marketCap()).isEqualTo(number(json, "market_cap"));
            assertThat(record.marketCapRank()).isEqualTo(json.hasNonNull("market_cap_rank")
                    ? json.get("market_cap_rank").intValue() : null);
            assertThat(record.totalVolume()).isEqualTo(number(json, "total_volume"));
            assertThat(record.high24h()).isEqualTo(number(json, "high_24h"));
            assertThat(record.low24h()).isEqualTo(number(json, "low_24h"));
            assertThat(record.priceChange24h()).isEqualTo(number(json, "price_change_24h"));
            assertThat(record.priceChangePercentage24h()).isEqualTo(number(json, "price_change_percentage_24h"));
            assertThat(record.circulatingSupply()).isEqualTo(number(json, "circulating_supply"));
        }
    }

    @Property(tries = 300)
    void anyJsonThatIsNotAnObjectIsRefused(@ForAll("values") JsonNode json) {
        Verdict verdict = reader.readMarketsRecord(new RawRecord(json, String.valueOf(json)), FETCHED_AT);

        if (!json.isObject()) {
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Rejected.class,
                    r -> assertThat(r.rejection().code()).isEqualTo(ReasonCode.NOT_AN_OBJECT));
        }
    }

    @Property(tries = 300)
    void aResponseNeverYieldsTwoAcceptedRecordsForOneCoin(@ForAll("responses") List<ObjectNode> response) {
        List<RawRecord> raw = response.stream().map(n -> new RawRecord(n, n.toString())).toList();

        List<Verdict> verdicts = reader.readMarkets(raw, FETCHED_AT);

        assertThat(verdicts).hasSameSizeAs(raw);
        List<String> acceptedIds = verdicts.stream()
                .filter(Verdict.Accepted.class::isInstance)
                .map(v -> ((Verdict.Accepted) v).record().coinId())
                .toList();
        assertThat(acceptedIds).doesNotHaveDuplicates();
        for (int i = 0; i < verdicts.size(); i++) {
            assertThat(verdicts.get(i).raw()).isSameAs(raw.get(i));
        }
    }

    /** The rules of the issue, written out on their own: the reason a record must be refused, or empty. */
    static Optional<String> brokenRule(ObjectNode json) {
        for (String field : TEXTS) {
            JsonNode value = json.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return Optional.of(field + " is not a non-blank string");
            }
        }
        JsonNode price = json.get("current_price");
        if (price == null || !price.isNumber() || !Double.isFinite(price.doubleValue()) || price.doubleValue() < 0) {
            return Optional.of("current_price is not a finite, non-negative number");
        }
        JsonNode updated = json.get("last_updated");
        if (updated == null || !updated.isTextual() || !isIsoDateTime(updated.asText())) {
            return Optional.of("last_updated is not an ISO-8601 date-time");
        }
        for (String field : AMOUNTS) {
            JsonNode value = json.get(field);
            if (value != null && !value.isNull()
                    && (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0)) {
                return Optional.of(field + " is neither null nor a finite, non-negative number");
            }
        }
        for (String field : CHANGES) {
            JsonNode value = json.get(field);
            if (value != null && !value.isNull() && (!value.isNumber() || !Double.isFinite(value.doubleValue()))) {
                return Optional.of(field + " is neither null nor a finite number");
            }
        }
        JsonNode rank = json.get("market_cap_rank");
        if (rank != null && !rank.isNull()
                && (!rank.isIntegralNumber() || rank.bigIntegerValue().compareTo(BigInteger.ONE) < 0
                    || rank.bigIntegerValue().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0)) {
            return Optional.of("market_cap_rank is neither null nor a positive int");
        }
        return Optional.empty();
    }

    private static boolean isIsoDateTime(String text) {
        try {
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Double number(ObjectNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.doubleValue();
    }

    @Provide
    Arbitrary<ObjectNode> records() {
        return recordsWithIds(Arbitraries.strings().alpha().numeric().withChars('-', ' ').ofMaxLength(12)
                .map(s -> (JsonNode) JSON.textNode(s)));
    }

    @Provide
    Arbitrary<List<ObjectNode>> responses() {
        // A small id pool so that duplicates are common.
        Arbitrary<JsonNode> ids = Arbitraries.of("bitcoin", "ethereum", "tether").map(JSON::textNode);
        return recordsWithIds(ids).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return anyValue();
    }

    private Arbitrary<ObjectNode> recordsWithIds(Arbitrary<JsonNode> plausibleIds) {
        List<Arbitrary<Optional<Tuple.Tuple2<String, JsonNode>>>> fields = new ArrayList<>();
        for (String field : FIELDS) {
            Arbitrary<JsonNode> plausible = field.equals("id") ? plausibleIds : plausible(field);
            Arbitrary<Optional<Tuple.Tuple2<String, JsonNode>>> entry = Arbitraries.frequencyOf(
                    Tuple.of(40, plausible.map(v -> Optional.of(Tuple.of(field, v)))),
                    Tuple.of(4, anyValue().map(v -> Optional.of(Tuple.of(field, v)))),
                    Tuple.of(1, Arbitraries.just(Optional.empty())));
            fields.add(entry);
        }
        return Combinators.combine(fields).as(entries -> {
            ObjectNode node = JSON.objectNode();
            entries.forEach(e -> e.ifPresent(t -> node.set(t.get1(), t.get2())));
            return node;
        });
    }

    private Arbitrary<JsonNode> plausible(String field) {
        return switch (field) {
            case "symbol", "name" -> Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(JSON::textNode);
            case "last_updated" -> Arbitraries.longs().between(0, 4_102_444_800_000L)
                    .map(ms -> JSON.textNode(OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC)
                            .toString()));
            case "market_cap_rank" -> Arbitraries.integers().between(1, 20_000).map(JSON::numberNode);
            case "price_change_24h", "price_change_percentage_24h" ->
                    Arbitraries.doubles().between(-1e6, 1e6).map(JSON::numberNode);
            default -> Arbitraries.oneOf(
                    Arbitraries.doubles().between(0, 1e13).map(JSON::numberNode),
                    Arbitraries.longs().between(0, 3_000_000_000_000_000L).map(JSON::numberNode),
                    Arbitraries.of(1e-8, 1.01404e-07, 2.1e15, 0.0).map(JSON::numberNode));
        };
    }

    private static Arbitrary<JsonNode> anyValue() {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.just(JSON.nullNode()),
                Arbitraries.of(true, false).map(JSON::booleanNode),
                Arbitraries.integers().map(JSON::numberNode),
                Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.doubles().map(JSON::numberNode),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, -1e-300,
                        Double.MAX_VALUE).map(JSON::numberNode),
                Arbitraries.of(new BigInteger("9".repeat(400)), new BigInteger("-" + "9".repeat(30)),
                        BigInteger.valueOf(Integer.MAX_VALUE).add(BigInteger.ONE)).map(JSON::numberNode),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("2.0"), new BigDecimal("-1e-400"))
                        .map(JSON::numberNode),
                Arbitraries.of("", " ", "NaN", "Infinity", "-Infinity", "1.5", "-3", "0", "true", "null",
                        "2026-08-10T11:59:50Z", "2026-08-10T11:59:50.123+02:00", "2026-08-10 11:59:50",
                        "2026-08-10T11:59:50", "1723291190").map(JSON::textNode),
                Arbitraries.strings().ofMaxLength(20).map(JSON::textNode));
        Arbitrary<JsonNode> containers = Arbitraries.oneOf(
                Arbitraries.just(JSON.objectNode()),
                Arbitraries.just(JSON.objectNode().put("times", 1.5).put("currency", "usd")),
                Arbitraries.just(JSON.arrayNode()),
                scalars.list().ofMaxSize(3).map(list -> {
                    ArrayNode array = JSON.arrayNode();
                    list.forEach(array::add);
                    return array;
                }));
        return Arbitraries.frequencyOf(Tuple.of(5, scalars), Tuple.of(1, containers));
    }
}
