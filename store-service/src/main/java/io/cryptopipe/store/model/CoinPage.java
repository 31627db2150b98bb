package io.cryptopipe.store.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * One page of the latest observation per coin, in rank order.
 *
 * @param nextCursor where the next page starts (pass it as {@code cursor}); {@code null} on the last page
 */
public record CoinPage(
        List<CoinSummary> coins,
        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "Opaque; pass it as `cursor` for the next page. Null on the last page.", nullable = true)
        String nextCursor) {
}
