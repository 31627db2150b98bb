package io.cryptopipe.store.rest;

import io.cryptopipe.store.model.ApiError;
import io.cryptopipe.store.model.CoinPage;
import io.cryptopipe.store.model.DailyCandle;
import io.cryptopipe.store.model.PriceSeries;
import io.cryptopipe.store.query.CoinCursor;
import io.cryptopipe.store.query.MarketQueries;
import io.cryptopipe.store.query.QueryParameters;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
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
 * The OpenAPI document states each parameter as those checks read it: the patterns and lengths here are the same
 * constants; what comes from configuration (page sizes, the steps) is written in by {@link ApiDocumentFilter}.
 * Rules across parameters (from before to, the point and day limits) are in the operations' descriptions.
 */
@Path("/api/coins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "coins")
// The synchronous MongoDB driver blocks: keep it off the event loop.
@Blocking
public class CoinResource {

    static final String COIN_ID = "^" + QueryParameters.COIN_ID_PATTERN + "$";
    private static final String EMPTY_IS_ABSENT = " An empty value is the same as none.";

    private final MarketQueries queries;
    private final QueryParameters parameters;

    CoinResource(MarketQueries queries, QueryParameters parameters) {
        this.queries = queries;
        this.parameters = parameters;
    }

    @GET
    @Operation(operationId = "listCoins", summary = "Latest observation per coin, one page at a time",
            description = "Price, 24 h change, market cap, rank and observation time of each coin, sorted by "
                    + "market-cap rank with unranked coins last and ties by coin id. A page holds `limit` coins "
                    + "(default `store.query.coins-page-size`; at most `store.query.max-coins-page-size`); "
                    + "`next_cursor` is null on the last page, otherwise pass it as `cursor` with the same filters "
                    + "for the next one. The cursor is a position in the order, not an offset: coins stored between "
                    + "two requests do not shift the pages. Filters: `ids` (only these coins) and `search` (symbol "
                    + "or name starting with the text, ignoring case); both together narrow further.")
    @APIResponse(responseCode = "200", description = "One page (possibly empty)")
    @APIResponse(responseCode = "400", description = "`invalid_limit`, `invalid_cursor`, `invalid_coin_id` (in "
            + "`ids`), `invalid_filter` (too many ids, a search text too long or with control characters), "
            + "`query_too_large` (MongoDB refused the query for its memory use)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "`query_timeout` (over `store.query.max-time`) or "
            + "`database_unavailable`", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CoinPage coins(
            @Parameter(description = "Coins per page." + EMPTY_IS_ABSENT, allowEmptyValue = true,
                    schema = @Schema(type = SchemaType.INTEGER, format = "int32"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`next_cursor` of the previous page, unchanged; absent for the first page."
                    + EMPTY_IS_ABSENT, allowEmptyValue = true,
                    schema = @Schema(type = SchemaType.STRING, pattern = "^" + CoinCursor.PATTERN + "$"))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Only these coins: CoinGecko ids separated by commas, e.g. "
                    + "`bitcoin,ethereum`, at most the maximum page size of them." + EMPTY_IS_ABSENT,
                    allowEmptyValue = true, style = ParameterStyle.FORM, explode = Explode.FALSE,
                    schema = @Schema(type = SchemaType.ARRAY))
            @QueryParam("ids") String ids,
            @Parameter(description = "Only coins whose symbol or name starts with this text, in any case "
                    + "(e.g. `bit`, `ETH`), taken as it is (spaces count)." + EMPTY_IS_ABSENT, allowEmptyValue = true,
                    schema = @Schema(type = SchemaType.STRING, maxLength = QueryParameters.MAX_SEARCH_LENGTH,
                            pattern = "^" + QueryParameters.SEARCH_PATTERN + "$"))
            @QueryParam("search") String search) {
        return queries.coins(parameters.coinsQuery(limit, cursor, ids, search));
    }

    @GET
    @Path("/{id}/prices")
    @Operation(operationId = "coinPrices", summary = "A coin's prices over a time range, downsampled in MongoDB",
            description = "One candle per non-empty epoch-aligned bucket of `step` in [from, to): open, high, low, "
                    + "close and average price, the number of points and how many of them were repaired (`source` "
                    + "`repair` or `backfill`, read from CoinGecko's history). `from` must be before `to`. Without "
                    + "`step`, the finest step that gives at most `store.query.max-points` buckets (`max_points` of "
                    + "`/api/dashboard/settings`); a range with more buckets of the given step, or more than that "
                    + "many hours, is refused with 400 `range_too_large` rather than coarsened.")
    @APIResponse(responseCode = "200", description = "The series (possibly without points)")
    @APIResponse(responseCode = "400", description = "`invalid_coin_id`, `invalid_time`, `invalid_step`, "
            + "`invalid_range` (`from` not before `to`), `range_too_large` (more buckets than the limit), "
            + "`query_too_large`", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "`unknown_coin`: nothing was ever stored for this coin",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "`query_timeout` or `database_unavailable`",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public PriceSeries prices(
            @Parameter(description = "CoinGecko coin id, e.g. `bitcoin`",
                    schema = @Schema(type = SchemaType.STRING, pattern = COIN_ID))
            @PathParam("id") String id,
            @Parameter(description = "Start (inclusive); default `to` minus 24 h." + EMPTY_IS_ABSENT,
                    allowEmptyValue = true, schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("from") String from,
            @Parameter(description = "End (exclusive); default now." + EMPTY_IS_ABSENT, allowEmptyValue = true,
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("to") String to,
            @Parameter(description = "Bucket width; default the finest within the point limit." + EMPTY_IS_ABSENT,
                    allowEmptyValue = true, schema = @Schema(type = SchemaType.STRING))
            @QueryParam("step") String step) {
        return queries.prices(parameters.priceQuery(id, from, to, step));
    }

    @GET
    @Path("/{id}/daily")
    @Operation(operationId = "coinDaily", summary = "A coin's daily statistics with their data-quality report",
            description = "One candle per UTC day in [from, to] (both inclusive) for which the daily job ran, oldest "
                    + "first; `quality` is the job's report as stored, or null for days summarised without one. "
                    + "`from` must not be after `to`, and the range holds at most `store.query.max-days` days.")
    @APIResponse(responseCode = "200", description = "The days (possibly none)")
    @APIResponse(responseCode = "400", description = "`invalid_coin_id`, `invalid_date`, `invalid_range` (`from` "
            + "after `to`), `range_too_large` (more days than the limit), `query_too_large`",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "`unknown_coin`: nothing was ever stored for this coin",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "`query_timeout` or `database_unavailable`",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<DailyCandle> daily(
            @Parameter(description = "CoinGecko coin id, e.g. `bitcoin`",
                    schema = @Schema(type = SchemaType.STRING, pattern = COIN_ID))
            @PathParam("id") String id,
            @Parameter(description = "First day (UTC); default 29 days before `to`." + EMPTY_IS_ABSENT,
                    allowEmptyValue = true, schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("from") String from,
            @Parameter(description = "Last day (UTC); default today." + EMPTY_IS_ABSENT, allowEmptyValue = true,
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("to") String to) {
        return queries.daily(parameters.dailyQuery(id, from, to));
    }
}
