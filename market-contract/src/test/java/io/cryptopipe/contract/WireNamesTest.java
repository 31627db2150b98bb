package io.cryptopipe.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire names, spelled out: renaming a constant here renames a topic, a collection or a stored field for every
 * deployed service and every document already stored, so it must be a deliberate change of this test too.
 */
class WireNamesTest {

    private static final MarketRecord RECORD = new MarketRecord(1, "bitcoin", "btc", "Bitcoin",
            Instant.parse("2026-08-10T00:00:00Z"), Instant.parse("2026-08-10T00:00:30Z"), "poll", 1.0, 2.0, 3, 4.0,
            5.0, 6.0, 7.0, 8.0, 9.0);

    @Test
    void topicsAndCollectionsKeepTheirDeployedNames() {
        assertThat(List.of(Topics.RAW, Topics.RAW_DEAD_LETTERS, Topics.DAILY))
                .containsExactly("market.raw", "market.raw.dlq", "market.daily");
        assertThat(List.of(CollectionNames.RAW, CollectionNames.DAILY, CollectionNames.QUALITY))
                .containsExactly("market_data_raw", "market_data_daily", "market_data_quality");
    }

    @Test
    void theFieldTableKeepsTheStoredNamesInTheDocumentsOrder() {
        assertThat(RawField.ALL.stream().map(RawField::fieldName)).containsExactly("coin_id", "timestamp",
                "fetched_at", "source", "schema_version", "symbol", "name", "current_price", "market_cap",
                "market_cap_rank", "total_volume", "high_24h", "low_24h", "price_change_24h",
                "price_change_percentage_24h", "circulating_supply");
        assertThat(RawField.ALL.stream().filter(RawField::identity)).containsExactly(RawField.COIN_ID,
                RawField.TIMESTAMP);
    }

    @Test
    void aRecordsJsonHasExactlyTheTablesFieldsWithTheValuesTheTableReads() throws Exception {
        ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        JsonNode tree = json.readTree(json.writeValueAsString(RECORD));

        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrderElementsOf(
                RawField.ALL.stream().map(RawField::fieldName).toList());
        for (RawField field : RawField.ALL) {
            Object value = field.read(RECORD);
            assertThat(value).as(field.fieldName()).isInstanceOf(field.type().javaType());
            assertThat(tree.get(field.fieldName()).asText()).as(field.fieldName()).isEqualTo(value.toString());
        }
    }

    @Test
    void aRecordBuiltFromTheTablesValuesIsTheSameRecord() {
        assertThat(MarketRecord.of(field -> field.read(RECORD))).isEqualTo(RECORD);
    }

    @Test
    void coinGeckoNamesTheIdentityItsOwnWayAndEveryFigureAsTheContractDoes() {
        assertThat(RawField.COIN_ID.marketsName()).contains("id");
        assertThat(RawField.TIMESTAMP.marketsName()).contains("last_updated");
        assertThat(RawField.ALL.stream().filter(f -> f.marketsName().isEmpty()))
                .containsExactlyInAnyOrder(RawField.FETCHED_AT, RawField.SOURCE, RawField.SCHEMA_VERSION);
    }

    @Test
    void theRequiredFieldsAreTheOnesTheRulesRefuseWhenMissing() {
        for (RawField field : RawField.ALL) {
            MarketRecord without = MarketRecord.of(f -> f == field ? null : f.read(RECORD));
            assertThat(without.violation().isPresent()).as(field.fieldName()).isEqualTo(!field.nullable());
        }
    }
}
