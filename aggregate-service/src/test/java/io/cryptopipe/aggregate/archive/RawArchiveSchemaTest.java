package io.cryptopipe.aggregate.archive;

import io.cryptopipe.contract.RawField;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's columns come from the contract's field table, and stay the Parquet schema of version 1: the reader
 * refuses a file whose schema differs, so a column that moved or changed type would make every archive written
 * before unreadable.
 */
class RawArchiveSchemaTest {

    /** The schema every archive of version 1 was written with. */
    private static final String VERSION_1 = """
            message market_data_raw {
              optional binary _id (STRING);
              required binary coin_id (STRING);
              required int64 timestamp (TIMESTAMP(MILLIS,true));
              optional int64 fetched_at (TIMESTAMP(MILLIS,true));
              optional binary source (STRING);
              optional int32 schema_version;
              optional binary symbol (STRING);
              optional binary name (STRING);
              optional double current_price;
              optional double market_cap;
              optional int32 market_cap_rank;
              optional double total_volume;
              optional double high_24h;
              optional double low_24h;
              optional double price_change_24h;
              optional double price_change_percentage_24h;
              optional double circulating_supply;
            }
            """;

    @Test
    void theColumnsAreTheSchemaOfVersionOne() {
        assertThat(RawArchiveSchema.VERSION).isEqualTo(1);
        assertThat(RawArchiveSchema.MESSAGE_TYPE).isEqualTo(MessageTypeParser.parseMessageType(VERSION_1));
        assertThat(RawArchiveSchema.MESSAGE_TYPE.toString()).isEqualToIgnoringWhitespace(VERSION_1);
    }

    @Test
    void everyFieldOfTheTableHasItsColumnAfterTheArchivesOwnId() {
        assertThat(RawArchiveSchema.COLUMNS).extracting(RawArchiveSchema.Column::name)
                .startsWith("_id")
                .containsSubsequence(RawField.ALL.stream().map(RawField::fieldName).toList())
                .hasSize(RawField.ALL.size() + 1);
        assertThat(RawArchiveSchema.COLUMNS).filteredOn(RawArchiveSchema.Column::required)
                .extracting(RawArchiveSchema.Column::name)
                .containsExactlyElementsOf(RawField.ALL.stream().filter(RawField::identity).map(RawField::fieldName)
                        .toList());
    }
}
