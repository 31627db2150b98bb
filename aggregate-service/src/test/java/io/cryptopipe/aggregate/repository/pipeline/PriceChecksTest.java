package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import io.cryptopipe.testsupport.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks on a coin's day prices, evaluated by the MongoDB wire-protocol server on the figures the pipeline folds
 * a day into ({@code f.p} the open, {@code l.p} the close, {@code min_price}, {@code max_price}).
 */
class PriceChecksTest {

    private static TestMongo server;
    private static MongoClient client;
    private static MongoCollection<Document> figures;

    @BeforeAll
    static void startServer() {
        server = TestMongo.start("price_checks");
        client = MongoClients.create(server.connectionString());
        figures = client.getDatabase(server.database()).getCollection("figures");
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @Test
    void pricesWithinTheirDayRangeAreInOrder() {
        Document checks = checks(10.0, 12.0, 9.0, 13.0);

        assertThat(checks).containsEntry("ordering_ok", true).containsEntry("prices_positive", true);
    }

    @Test
    void openOrCloseOutsideMinAndMaxIsOutOfOrder() {
        assertThat(checks(8.0, 12.0, 9.0, 13.0)).containsEntry("ordering_ok", false);
        assertThat(checks(10.0, 14.0, 9.0, 13.0)).containsEntry("ordering_ok", false);
    }

    @Test
    void missingOpenPriceIsOutOfOrder() {
        // A raw document without current_price gives the day a null open_price: null orders below every number.
        assertThat(checks(null, 12.0, 9.0, 13.0)).containsEntry("ordering_ok", false);
        assertThat(checksOf(new Document("f", new Document()).append("l", new Document("p", 12.0))
                .append("min_price", 9.0).append("max_price", 13.0))).containsEntry("ordering_ok", false);
    }

    @Test
    void zeroOrNegativeMinimumPriceIsNotPositive() {
        assertThat(checks(10.0, 12.0, 0.0, 13.0)).containsEntry("prices_positive", false);
        assertThat(checks(10.0, 12.0, -1e-9, 13.0)).containsEntry("prices_positive", false);
        assertThat(checks(10.0, 12.0, 1e-12, 13.0)).containsEntry("prices_positive", true);
        assertThat(checks(null, null, null, null)).containsEntry("prices_positive", false);
    }

    private static Document checks(Double open, Double close, Double min, Double max) {
        return checksOf(new Document("f", new Document("p", open)).append("l", new Document("p", close))
                .append("min_price", min).append("max_price", max));
    }

    private static Document checksOf(Document dayFigures) {
        figures.drop();
        figures.insertOne(dayFigures);
        return figures.aggregate(List.of(Aggregates.project(Projections.fields(Projections.excludeId(),
                        Projections.computed("ordering_ok", PriceChecks.orderingOk()),
                        Projections.computed("prices_positive", PriceChecks.pricesPositive())))))
                .first();
    }
}
