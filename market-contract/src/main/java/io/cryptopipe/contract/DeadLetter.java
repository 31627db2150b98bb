package io.cryptopipe.contract;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A record the pipeline could not take, published to the dead-letter topic with the reason, so that nothing is
 * dropped silently. {@code raw} is the input exactly as received (a CoinGecko record or a Kafka value).
 *
 * @param stage          which service refused it: {@value #STAGE_INGEST} or {@value #STAGE_STORE}
 * @param fetchedAt      when ingest-service fetched the record, when it refused it
 * @param sourceTopic    where the store read it, when the store refused it (also partition and offset)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("stage") String stage,
        @JsonProperty("reason") String reason,
        @JsonProperty("raw") String raw,
        @JsonProperty("fetched_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant fetchedAt,
        @JsonProperty("failed_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant failedAt,
        @JsonProperty("source_topic") String sourceTopic,
        @JsonProperty("source_partition") Integer sourcePartition,
        @JsonProperty("source_offset") Long sourceOffset) {

    public static final String STAGE_INGEST = "ingest";
    public static final String STAGE_STORE = "store";

    /** A record refused by ingest-service's validation: of a poll, a backfill or any other CoinGecko answer. */
    public static DeadLetter fromIngest(String reason, String raw, Instant fetchedAt, Instant failedAt) {
        return new DeadLetter(MarketRecord.SCHEMA_VERSION, STAGE_INGEST, reason, raw, fetchedAt, failedAt,
                null, null, null);
    }

    /** A Kafka record refused by store-service. */
    public static DeadLetter fromTopic(String reason, String raw, String topic, int partition, long offset,
            Instant failedAt) {
        return new DeadLetter(MarketRecord.SCHEMA_VERSION, STAGE_STORE, reason, raw, null, failedAt,
                topic, partition, offset);
    }
}
