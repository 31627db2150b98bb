package io.cryptopipe.store.rest;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import io.cryptopipe.store.model.ApiError;
import io.cryptopipe.store.query.InvalidQueryException;
import io.cryptopipe.store.query.UnknownCoinException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Set;

/**
 * The API's refusals as JSON {@link ApiError} bodies: 400 for bad parameters, 404 for an unknown coin, and for a
 * MongoDB error one of three answers, so that a client can tell what to do:
 * <ul>
 *     <li>503 {@code query_timeout}: MongoDB stopped the query at its time limit ({@code store.query.max-time}, sent
 *     as {@code maxTimeMS}). Usually load; the same request may well succeed shortly, so 503 like an outage, with
 *     its own code so that it is not mistaken for one.</li>
 *     <li>400 {@code query_too_large}: the query needed more memory than MongoDB allows a stage without spilling
 *     to disk. Retrying the same request fails the same way, so not 5xx: the client narrows it (a shorter range,
 *     a filter), as for {@code range_too_large}.</li>
 *     <li>503 {@code database_unavailable}: MongoDB did not answer or refused for any other reason.</li>
 * </ul>
 */
public class ApiErrorMapper {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

    /**
     * Server error codes for a query over a memory limit. 292 QueryExceededMemoryLimitNoDiskUseAllowed (a blocking
     * $sort or $group over 100 MB where disk use is off, e.g. {@code allowDiskUseByDefault=false} or Atlas tiers
     * without it); 146 ExceededMemoryLimit ($push/$addToSet over their own cap, which never spills); 16819 and 16945,
     * the sort and $group memory errors of servers before 4.4, still seen behind old mongos and compatible services.
     */
    static final Set<Integer> MEMORY_LIMIT_CODES = Set.of(292, 146, 16819, 16945);

    /** MaxTimeMSExpired: the query ran longer than its {@code maxTimeMS}. */
    static final int MAX_TIME_EXPIRED = 50;

    @ServerExceptionMapper
    public Response invalid(InvalidQueryException e) {
        return response(new ApiError(400, e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unknownCoin(UnknownCoinException e) {
        return response(new ApiError(404, "unknown_coin", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response databaseError(MongoException e) {
        return response(error(e));
    }

    static ApiError error(MongoException e) {
        if (e instanceof MongoExecutionTimeoutException || e.getCode() == MAX_TIME_EXPIRED) {
            LOG.warnf("Query stopped by MongoDB at its time limit (%s)", e.getMessage());
            return new ApiError(503, "query_timeout", "The query took longer than the service allows; try again "
                    + "shortly, or ask for less (a shorter range, a filter)");
        }
        if (MEMORY_LIMIT_CODES.contains(e.getCode())) {
            LOG.warnf("Query refused by MongoDB for its memory use (%s)", e.getMessage());
            return new ApiError(400, "query_too_large", "The query needs more memory than MongoDB allows it; ask "
                    + "for less (a shorter range, a filter, a smaller page)");
        }
        LOG.warnf("Query failed: MongoDB did not answer (%s)", e.getMessage());
        return new ApiError(503, "database_unavailable", "MongoDB is not reachable; try again shortly");
    }

    private static Response response(ApiError error) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
