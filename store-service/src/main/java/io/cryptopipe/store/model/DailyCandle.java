package io.cryptopipe.store.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * One daily document of {@code market_data_daily} as open/high/low/close with its counts and, when the daily job
 * wrote one, its data-quality report passed through as stored.
 */
public record DailyCandle(
        String date,
        Double open,
        Double high,
        Double low,
        Double close,
        @JsonProperty("avg") Double average,
        @JsonProperty("data_points") Integer dataPoints,
        @JsonProperty("first_timestamp") Instant firstTimestamp,
        @JsonProperty("last_timestamp") Instant lastTimestamp,
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "The daily job's data-quality report as stored; null for a day summarised without one",
                nullable = true)
        Map<String, Object> quality) {
}
