package io.cryptopipe.store.rest;

import io.cryptopipe.store.model.ApiError;
import io.cryptopipe.store.model.CoinSummary;
import io.cryptopipe.store.model.DailyCandle;
import io.cryptopipe.store.model.PriceSeries;
import io.cryptopipe.store.service.MarketQueries;
import io.cryptopipe.store.service.QueryParameters;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Read-only access to what the pipeline stored. Parameters are taken as text and checked by
 * {@link QueryParameters}, so that every malformed value gets the API's JSON error rather than the framework's.
 */
@Path("/api/coins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "coins")
// The synchronous MongoDB driver blocks: keep it off the event loop.
@Blocking
public class CoinResource {

    private final MarketQueries queries;
    private final QueryParameters parameters;

    CoinResource(MarketQueries queries, QueryParameters parameters) {
        this.queries = queries;
        this.parameters = parameters;
    }

    @GET
    @Operation(summary = "Latest observation of every coin",
            description = "Price, 24 h change, market cap, rank and observation time; sorted by market-cap rank, "
                    + "unranked coins last.")
    public List<CoinSummary> coins() {
        return queries.latestPerCoin();
    }

    @GET
    @Path("/{id}/prices")
    @Operation(summary = "A coin's prices over a time range, downsampled in MongoDB",
            description = "One point per non-empty epoch-aligned bucket of `step` in [from, to): average, lowest and "
                    + "highest price and the number of observations. Without `step`, the finest of 1m, 5m, 1h that "
                    + "gives at most `store.query.max-points` buckets (default 1000); a range with more buckets of the "
                    + "given step, or more than that many hours, is refused with 400.")
    @APIResponse(responseCode = "200", description = "The series (possibly without points)")
    @APIResponse(responseCode = "400", description = "Bad id, time, step or range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Nothing stored for this coin",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public PriceSeries prices(
            @Parameter(description = "CoinGecko coin id, e.g. bitcoin") @PathParam("id") String id,
            @Parameter(description = "Start (inclusive), ISO-8601 instant; default `to` minus 24 h")
            @QueryParam("from") String from,
            @Parameter(description = "End (exclusive), ISO-8601 instant; default now") @QueryParam("to") String to,
            @Parameter(description = "Bucket width: 1m, 5m or 1h; default the finest within the point limit")
            @QueryParam("step") String step) {
        return queries.prices(parameters.priceQuery(id, from, to, step));
    }

    @GET
    @Path("/{id}/daily")
    @Operation(summary = "A coin's daily statistics with their data-quality report",
            description = "One candle per UTC day in [from, to] (both inclusive) for which the daily job ran, oldest "
                    + "first; `quality` is the job's report as stored, or null for days summarised without one.")
    @APIResponse(responseCode = "200", description = "The days (possibly none)")
    @APIResponse(responseCode = "400", description = "Bad id, date or range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Nothing stored for this coin",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<DailyCandle> daily(
            @Parameter(description = "CoinGecko coin id, e.g. bitcoin") @PathParam("id") String id,
            @Parameter(description = "First day, YYYY-MM-DD; default 29 days before `to`")
            @QueryParam("from") String from,
            @Parameter(description = "Last day, YYYY-MM-DD; default today (UTC)") @QueryParam("to") String to) {
        return queries.daily(parameters.dailyQuery(id, from, to));
    }
}
