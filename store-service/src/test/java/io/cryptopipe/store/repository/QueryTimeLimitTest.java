package io.cryptopipe.store.repository;

import com.mongodb.client.MongoClient;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.store.RefusingMongoServer;
import io.cryptopipe.store.QueryLimits;
import io.cryptopipe.store.config.QueryConfig;
import io.cryptopipe.store.query.CoinsQuery;
import io.cryptopipe.store.query.Step;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query of the API carries {@code store.query.max-time} to the server as {@code maxTimeMS}: read off the
 * commands the driver sends, since the wire server accepts the field but does not enforce it (mongo-java-server
 * 1.47.0 has no time limit at all), so only the command shows that a real MongoDB would stop the query.
 */
class QueryTimeLimitTest {

    private static final Duration MAX_TIME = Duration.ofMillis(1234);

    private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();
    private RefusingMongoServer server;
    private MongoClient client;
    private MarketQueryRepository repository;

    @BeforeEach
    void start() {
        server = new RefusingMongoServer();
        client = server.client(event -> commands.add(event.getCommand().clone()));
        repository = new MarketQueryRepository(client, "time_limit", config(MAX_TIME));
        Date now = new Date();
        repository.raw().insertOne(new Document("coin_id", "bitcoin").append("timestamp", now)
                .append("symbol", "btc").append("name", "Bitcoin").append("market_cap_rank", 1)
                .append("current_price", 1.0));
        commands.clear();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void everyQuerySendsTheConfiguredMaxTimeMs() {
        assertThat(repository.latestPage(new CoinsQuery(10, Optional.empty(), List.of(), Optional.empty())))
                .hasSize(1);
        repository.latestPage(new CoinsQuery(10, Optional.of(new CoinsQuery.Position(0, "a")), List.of("bitcoin"),
                Optional.of("bit")));
        Instant now = Instant.now();
        assertThat(repository.priceBuckets("bitcoin", now.minusSeconds(3600), now.plusSeconds(1), Step.ONE_MINUTE))
                .hasSize(1);
        repository.daily("bitcoin", "2026-08-01", "2026-08-10");
        assertThat(repository.coinExists("bitcoin")).isTrue();

        List<BsonDocument> reads = commands.stream()
                .filter(c -> c.containsKey("aggregate") || c.containsKey("find")).toList();
        assertThat(reads).as("the five queries").hasSize(5);
        assertThat(reads).allSatisfy(command -> {
            assertThat(command.containsKey("maxTimeMS")).as("maxTimeMS in %s", command.toJson()).isTrue();
            assertThat(command.getNumber("maxTimeMS").longValue()).isEqualTo(MAX_TIME.toMillis());
        });
        assertThat(reads.stream().map(c -> c.getFirstKey()).distinct())
                .containsExactlyInAnyOrder("aggregate", "find");
        assertThat(reads.get(0).getString("aggregate").getValue()).isEqualTo(CollectionNames.RAW);
    }

    @Test
    void asksForTheWholePageInTheFirstReply() {
        repository.latestPage(new CoinsQuery(250, Optional.empty(), List.of(), Optional.empty()));
        BsonDocument aggregate = commands.stream().filter(c -> c.containsKey("aggregate")).findFirst().orElseThrow();
        assertThat(aggregate.getDocument("cursor").getNumber("batchSize").intValue()).isEqualTo(251);
    }

    static QueryConfig config(Duration maxTime) {
        return new QueryLimits(1000, 366, maxTime);
    }
}
