package io.cryptopipe.ingest.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * CoinGecko's {@code /coins/markets} (by rank or by ids), {@code /coins/{id}/market_chart/range} and, for a paid key,
 * {@code /key}. The body is taken
 * as text: the service decides what a valid answer is (an array, an object) and keeps every record's exact text for
 * dead letters. The plan's key header is added to every request by {@link CoinGeckoKeyHeader}.
 */
@RegisterRestClient(configKey = "coingecko")
@RegisterClientHeaders(CoinGeckoKeyHeader.class)
interface CoinGeckoApi {

    /**
     * A plain {@link Response}, read as text whatever the status: with a typed entity the client leaves the body
     * of an error status unread, and CoinGecko puts its reason there. A {@link Uni}, so the caller can put a
     * deadline on the whole exchange, body included.
     */
    @GET
    @Path("/coins/markets")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> markets(
            @QueryParam("vs_currency") String vsCurrency,
            @QueryParam("order") String order,
            @QueryParam("per_page") int perPage,
            @QueryParam("page") int page,
            @QueryParam("sparkline") boolean sparkline);

    /** The same endpoint for named coins (the backfill needs their symbol and name). */
    @GET
    @Path("/coins/markets")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> marketsByIds(
            @QueryParam("vs_currency") String vsCurrency,
            @QueryParam("ids") String ids,
            @QueryParam("per_page") int perPage,
            @QueryParam("page") int page);

    /** Price, market cap and volume points of one coin between two UNIX times (seconds), as text. */
    @GET
    @Path("/coins/{id}/market_chart/range")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> marketChartRange(
            @PathParam("id") String id,
            @QueryParam("vs_currency") String vsCurrency,
            @QueryParam("from") long from,
            @QueryParam("to") long to);

    /** The paid key's plan, limits and usage this month (Pro API only; other keys are refused with a 401). */
    @GET
    @Path("/key")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> key();

    /** One coin's points over the last {@code days} days ({@code 1}: 5-minute points), as text. */
    @GET
    @Path("/coins/{id}/market_chart")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> marketChart(
            @PathParam("id") String id,
            @QueryParam("vs_currency") String vsCurrency,
            @QueryParam("days") int days);
}
