package io.cryptopipe.store.rest;

import io.cryptopipe.store.model.ApiError;
import io.cryptopipe.store.model.CoinPage;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
    @Operation(summary = "Latest observation per coin, one page at a time",
            description = "Price, 24 h change, market cap, rank and observation time of each coin, sorted by "
                    + "market-cap rank with unranked coins last and ties by coin id. A page holds `limit` coins "
                    + "(default `store.query.coins-page-size`, 100; at most `store.query.max-coins-page-size`, 500); "
                    + "`next_cursor` is null on the last page, otherwise pass it as `cursor` with the same filters "
                    + "for the next one. The cursor is a position in the order, not an offset: coins stored between "
                    + "two requests do not shift the pages. Filters: `ids` (only these coins) and `search` (symbol "
                    + "or name starting with the text, ignoring case); both together narrow further.")
    @APIResponse(responseCode = "200", description = "One page (possibly empty)")
    @APIResponse(responseCode = "400", description = "Bad limit, cursor, id or filter (`invalid_limit`, "
            + "`invalid_cursor`, `invalid_coin_id`, `invalid_filter`), or `query_too_large`",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "`query_timeout` (over `store.query.max-time`) or "
            + "`database_unavailable`", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CoinPage coins(
            @Parameter(description = "Coins per page, 1 to the maximum page size; default the page size",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`next_cursor` of the previous page; absent for the first page")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Only these coins: comma-separated CoinGecko ids, e.g. `bitcoin,ethereum`, "
                    + "at most the maximum page size of them")
            @QueryParam("ids") String ids,
            @Parameter(description = "Only coins whose symbol or name starts with this text, any case "
                    + "(e.g. `bit`, `ETH`); at most 50 characters")
            @QueryParam("search") String search) {
        return queries.coins(parameters.coinsQuery(limit, cursor, ids, search));
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
