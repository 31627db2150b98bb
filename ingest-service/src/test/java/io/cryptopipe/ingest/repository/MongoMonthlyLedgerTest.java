package io.cryptopipe.ingest.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.testsupport.MutableClock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The monthly count shared through MongoDB by replicas and restarts, against the wire-protocol server (or a real one). */
class MongoMonthlyLedgerTest {

    private static final int PER_MONTH = 10;

    @RegisterExtension
    static final FreshMongoCollection MONGO = new FreshMongoCollection("ingest_call_budget");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));

    @Test
    void replicasAndRestartsChargeOneMonthlyBudgetAndTogetherNeverExceedIt() {
        CallBudget replicaA = budget();
        for (int i = 0; i < 4; i++) {
            assertThat(replicaA.tryCharge()).isEmpty();
        }
        CallBudget replicaB = budget(); // took over, or A restarted: it must not start from zero

        int allowed = 0;
        while (replicaB.tryCharge().isEmpty()) {
            allowed++;
        }

        assertThat(allowed).isEqualTo(PER_MONTH - 4);
        assertThat(replicaA.tryCharge()).isPresent();
        assertThat(budget().tryCharge()).as("a third start in the same month").isPresent();
        assertThat(MONGO.collection().find(new Document("_id", "2026-11")).first())
                .containsEntry("used", PER_MONTH);
    }

    @Test
    void aNewMonthStartsANewCount() {
        CallBudget budget = budget();
        while (budget.tryCharge().isEmpty()) {
            clock.advance(java.time.Duration.ofSeconds(1));
        }

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(budget.tryCharge()).isEmpty();
        assertThat(budget.usedThisMonth()).isEqualTo(1);
        assertThat(MONGO.collection().find(new Document("_id", "2026-12")).first()).containsEntry("used", 1);
    }

    @Test
    void aReplicaThatLosesTheRaceToInsertTheMonthsDocumentIsStillChargedAndTheMonthNotMarkedFull() {
        YearMonth month = YearMonth.of(2026, 11);
        MongoMonthlyLedger rival = new MongoMonthlyLedger(MONGO.collection());
        MongoMonthlyLedger ledger = new MongoMonthlyLedger(losingTheFirstInsertTo(() -> rival.charge(month, PER_MONTH)));

        assertThat(ledger.charge(month, PER_MONTH)).as("the call that lost the race").hasValue(2);
        assertThat(ledger.charge(month, PER_MONTH)).as("the next call").hasValue(3);
        assertThat(MONGO.collection().find(new Document("_id", "2026-11")).first()).containsEntry("used", 3);
    }

    /**
     * The month's collection, where the first charge meets another replica's first charge of the month on a real
     * server: its filter finds no document, the other replica's upsert inserts one, and its own insert of the same
     * {@code _id} fails. The wire server runs find-and-modify commands one at a time, so this interleaving is
     * scripted; the duplicate-key error itself is the wire server's answer to an insert of an existing {@code _id}.
     */
    @SuppressWarnings("unchecked")
    private MongoCollection<Document> losingTheFirstInsertTo(Runnable rivalCharge) {
        AtomicBoolean raced = new AtomicBoolean();
        MongoCollection<Document> real = MONGO.collection();
        return (MongoCollection<Document>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findOneAndUpdate") && raced.compareAndSet(false, true)) {
                        rivalCharge.run();
                        Document filter = (Document) args[0];
                        // The same upsert with a filter that, like this replica's a moment ago, matches nothing.
                        real.findOneAndUpdate(new Document("_id", filter.get("_id"))
                                .append("used", new Document("$lt", Integer.MIN_VALUE)), (Bson) args[1],
                                (FindOneAndUpdateOptions) args[2]);
                        throw new AssertionError("the insert of an existing _id did not fail");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private CallBudget budget() {
        return new CallBudget(clock, 1000, PER_MONTH, new MongoMonthlyLedger(MONGO.collection()));
    }
}
