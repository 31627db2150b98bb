package io.cryptopipe.store.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptopipe.contract.DailyFields;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One daily document of {@code market_data_daily} as open/high/low/close with its counts, its time-weighted average
 * and, when the daily job wrote one, its data-quality report passed through as stored. Days summarised by an older
 * daily job lack the time-weighted average and the repaired coverage: those are null here, not absent.
 */
public record DailyCandle(
        String date,
        Double open,
        Double high,
        Double low,
        Double close,
        @JsonProperty("avg") Double average,
        @JsonProperty(DailyFields.DATA_POINTS) Integer dataPoints,
        @JsonProperty(DailyFields.FIRST_TIMESTAMP) Instant firstTimestamp,
        @JsonProperty(DailyFields.LAST_TIMESTAMP) Instant lastTimestamp,
        @JsonProperty(TWAP) @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "Time-weighted average price: each observation's price held until the next, each hold "
                + "capped at the daily job's `aggregate.twap.max-hold`; null for a day summarised without it",
                nullable = true)
        Double twap,
        @JsonProperty(TWAP_SECONDS) @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "Seconds of the day the time-weighted average covers; null with `twap`",
                nullable = true, minimum = "0", maximum = "86400")
        Integer twapSeconds,
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "The daily job's data-quality report as stored; null for a day summarised without one. "
                + "`coverage` and `repaired_coverage` are always present in a report (null when the job that wrote it "
                + "did not compute them); other fields pass through as stored.",
                nullable = true, type = SchemaType.OBJECT, additionalProperties = Schema.True.class, properties = {
                @SchemaProperty(name = COVERAGE, type = SchemaType.NUMBER, nullable = true, description = "Share of "
                        + "the day's expected polls that were observed (repaired points do not count)"),
                @SchemaProperty(name = REPAIRED_COVERAGE, type = SchemaType.NUMBER, nullable = true,
                        description = "Share of the day (0 to 1) covered by repaired points and not already by "
                                + "observed ones")},
                requiredProperties = {COVERAGE, REPAIRED_COVERAGE})
        Map<String, Object> quality) {

    public static final String TWAP = DailyFields.TWAP;
    public static final String TWAP_SECONDS = DailyFields.TWAP_SECONDS;
    // The quality sub-document's coverage figures, as aggregate-service writes them.
    public static final String COVERAGE = "coverage";
    public static final String REPAIRED_COVERAGE = "repaired_coverage";
    private static final List<String> REPORTED = List.of(COVERAGE, REPAIRED_COVERAGE);

    /** The stored report with the coverage figures a client may rely on, null where an older job wrote none. */
    public static Map<String, Object> quality(Map<String, Object> stored) {
        Map<String, Object> report = new LinkedHashMap<>(stored);
        REPORTED.forEach(field -> report.putIfAbsent(field, null));
        return report;
    }
}
