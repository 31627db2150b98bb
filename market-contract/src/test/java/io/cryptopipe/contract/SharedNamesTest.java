package io.cryptopipe.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire names, spelled out: renaming a constant here renames a topic, a collection or a stored field for every
 * deployed service and every document already stored, so it must be a deliberate change of this test too.
 */
class SharedNamesTest {

    @Test
    void topicsAndCollectionsKeepTheirDeployedNames() {
        assertThat(List.of(Topics.RAW, Topics.RAW_DEAD_LETTERS, Topics.DAILY))
                .containsExactly("market.raw", "market.raw.dlq", "market.daily");
        assertThat(List.of(Collections.RAW, Collections.DAILY, Collections.QUALITY))
                .containsExactly("market_data_raw", "market_data_daily", "market_data_quality");
    }

    @Test
    void theSharedPropertiesNameTheTopicsAsTheConstantsDo() throws Exception {
        Properties shared = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shared.load(in);
        }

        assertThat(shared).containsEntry("market.topics.raw", Topics.RAW)
                .containsEntry("market.topics.raw-dead-letters", Topics.RAW_DEAD_LETTERS)
                .containsEntry("market.topics.daily", Topics.DAILY)
                // one partition count for the dead-letter topic, whichever of ingest and store creates it first
                .containsEntry("market.topics.raw-dead-letters-partitions", "1");
    }

    @Test
    void aMarketRecordsJsonFieldsAreTheRawFields() throws Exception {
        ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        MarketRecord record = new MarketRecord(1, "bitcoin", "btc", "Bitcoin", Instant.parse("2026-08-10T00:00:00Z"),
                Instant.parse("2026-08-10T00:00:30Z"), "poll", 1.0, 2.0, 3, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);

        List<String> fields = new ArrayList<>();
        Iterator<String> names = json.readTree(json.writeValueAsString(record)).fieldNames();
        names.forEachRemaining(fields::add);

        assertThat(fields).containsExactlyInAnyOrder("schema_version", "coin_id", "symbol", "name", "timestamp",
                "fetched_at", "source", "current_price", "market_cap", "market_cap_rank", "total_volume", "high_24h",
                "low_24h", "price_change_24h", "price_change_percentage_24h", "circulating_supply");
        assertThat(fields).containsExactlyInAnyOrder(RawFields.SCHEMA_VERSION, RawFields.COIN_ID, RawFields.SYMBOL,
                RawFields.NAME, RawFields.TIMESTAMP, RawFields.FETCHED_AT, RawFields.SOURCE, RawFields.CURRENT_PRICE,
                RawFields.MARKET_CAP, RawFields.MARKET_CAP_RANK, RawFields.TOTAL_VOLUME, RawFields.HIGH_24H,
                RawFields.LOW_24H, RawFields.PRICE_CHANGE_24H, RawFields.PRICE_CHANGE_PERCENTAGE_24H,
                RawFields.CIRCULATING_SUPPLY);
    }
}
