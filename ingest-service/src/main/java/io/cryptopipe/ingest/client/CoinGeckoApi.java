package io.cryptopipe.ingest.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * CoinGecko's {@code /coins/markets}. The body is taken as text: the service decides what a valid answer is
 * (an array) and keeps every record's exact text for dead letters.
 */
@RegisterRestClient(configKey = "coingecko")
@Path("/coins")
interface CoinGeckoApi {

    /**
     * A plain {@link Response}, read as text whatever the status: with a typed entity the client leaves the body
     * of an error status unread, and CoinGecko puts its reason there. A null {@code apiKey} sends no key header.
     */
    @GET
    @Path("/markets")
    @Produces(MediaType.APPLICATION_JSON)
    Response markets(
            @QueryParam("vs_currency") String vsCurrency,
            @QueryParam("order") String order,
            @QueryParam("per_page") int perPage,
            @QueryParam("page") int page,
            @QueryParam("sparkline") boolean sparkline,
            @HeaderParam("x-cg-demo-api-key") String apiKey);
}
