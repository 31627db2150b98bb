package io.cryptopipe.store.rest;

import com.mongodb.MongoException;
import io.cryptopipe.store.model.ApiError;
import io.cryptopipe.store.service.InvalidQueryException;
import io.cryptopipe.store.service.UnknownCoinException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The API's refusals as JSON {@link ApiError} bodies: 400 for bad parameters, 404 for an unknown coin, 503 while
 * MongoDB does not answer (a client may retry; it is not the request's fault).
 */
public class ApiErrorMapper {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

    @ServerExceptionMapper
    public Response invalid(InvalidQueryException e) {
        return response(new ApiError(400, e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unknownCoin(UnknownCoinException e) {
        return response(new ApiError(404, "unknown_coin", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(MongoException e) {
        LOG.warnf("Query failed: MongoDB did not answer (%s)", e.getMessage());
        return response(new ApiError(503, "database_unavailable", "MongoDB is not reachable; try again shortly"));
    }

    private static Response response(ApiError error) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
