package io.cryptopipe.store.rest;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.store.RefusingMongoServer;
import io.cryptopipe.store.model.ApiError;
import jakarta.ws.rs.core.Response;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A query over MongoDB's time or memory limit gets its own JSON error, not "database unavailable". The errors come
 * from a server's error reply over a real socket, parsed by the real driver, so the test sees the exception types
 * and codes production sees.
 */
class ApiErrorMapperTest {

    private static RefusingMongoServer server;
    private static MongoClient client;
    private final ApiErrorMapper mapper = new ApiErrorMapper();

    @BeforeAll
    static void start() {
        server = new RefusingMongoServer();
        client = server.client();
        collection().insertOne(new Document("coin_id", "bitcoin").append("market_cap_rank", 1));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aQueryStoppedAtItsTimeLimitIsAQueryTimeoutNotAnOutage() {
        server.refuseReads(50, "MaxTimeMSExpired", "operation exceeded time limit");
        try {
            MongoException e = failedAggregation();
            // The driver's own type for error 50 (drivers' maxTimeMS specification).
            assertThat(e).isInstanceOf(MongoExecutionTimeoutException.class);
            assertThat(answer(e)).isEqualTo(new ApiError(503, "query_timeout", answer(e).message()));
            assertThat(answer(e).message()).contains("took longer");
        } finally {
            server.answerNormally();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "292, QueryExceededMemoryLimitNoDiskUseAllowed, Sort exceeded memory limit of 104857600 bytes, but did not opt in to external sorting.",
            "146, ExceededMemoryLimit, $push used too much memory and cannot spill to disk",
            "16819, Location16819, Sort exceeded memory limit of 104857600 bytes",
            "16945, Location16945, Exceeded memory limit for $group, but didn't allow external sort",
    })
    void aQueryOverAMemoryLimitIsQueryTooLarge(int code, String codeName, String message) {
        server.refuseReads(code, codeName, message);
        try {
            MongoException e = failedAggregation();
            assertThat(e).isInstanceOf(MongoCommandException.class);
            assertThat(e.getCode()).isEqualTo(code);
            ApiError error = answer(e);
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.error()).isEqualTo("query_too_large");
        } finally {
            server.answerNormally();
        }
    }

    @Test
    void anyOtherServerErrorIsDatabaseUnavailable() {
        server.refuseReads(13, "Unauthorized", "not authorized on crypto_market to execute command");
        try {
            ApiError error = answer(failedAggregation());
            assertThat(error.status()).isEqualTo(503);
            assertThat(error.error()).isEqualTo("database_unavailable");
        } finally {
            server.answerNormally();
        }
    }

    @Test
    void mapsAnErrorReplyBuiltFromItsBsonDocumentTheSameWay() {
        ServerAddress address = new ServerAddress("127.0.0.1", 27017);
        assertThat(answer(new MongoCommandException(BsonDocument.parse(
                "{ok: 0, code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit'}"), address))
                .error()).isEqualTo("query_timeout");
        assertThat(answer(new MongoCommandException(BsonDocument.parse(
                "{ok: 0, code: 292, codeName: 'QueryExceededMemoryLimitNoDiskUseAllowed', errmsg: 'Exceeded memory'}"),
                address)).error()).isEqualTo("query_too_large");
    }

    @Test
    void answersJson() {
        server.refuseReads(50, "MaxTimeMSExpired", "operation exceeded time limit");
        try (Response response = mapper.databaseError(failedAggregation())) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getMediaType().toString()).isEqualTo("application/json");
            assertThat(response.getEntity()).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.error()).isEqualTo("query_timeout"));
        } finally {
            server.answerNormally();
        }
    }

    private ApiError answer(MongoException e) {
        try (Response response = mapper.databaseError(e)) {
            return (ApiError) response.getEntity();
        }
    }

    private static MongoException failedAggregation() {
        return catchThrowableOfType(MongoException.class, () -> collection()
                .aggregate(List.of(Aggregates.sort(Sorts.descending("coin_id", "timestamp")))).first());
    }

    private static MongoCollection<Document> collection() {
        return client.getDatabase("api_errors").getCollection("market_data_raw");
    }
}
