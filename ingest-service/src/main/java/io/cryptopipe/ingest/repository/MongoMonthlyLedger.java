package io.cryptopipe.ingest.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.cryptopipe.ingest.client.MonthlyLedger;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.time.YearMonth;
import java.util.OptionalInt;

/**
 * The month's call count as one document per month ({@code {_id: "2026-11", used}}), shared by every replica and
 * kept across restarts. Charging is one atomic find-and-modify: {@code $inc} where {@code used < limit}, with
 * upsert for the month's first call; at the limit the filter matches nothing and the upsert's insert of the same
 * {@code _id} fails with a duplicate key, which means "used up".
 * <p>
 * When MongoDB cannot be reached the count goes on in memory from the last known value, so polling is not stopped
 * by the database; the shared count then misses those calls.
 */
public final class MongoMonthlyLedger implements MonthlyLedger {

    private static final Logger LOG = Logger.getLogger(MongoMonthlyLedger.class);

    private final MongoCollection<Document> counts;
    private YearMonth lastMonth;
    private int lastKnown;
    private boolean degraded;

    public MongoMonthlyLedger(MongoCollection<Document> counts) {
        this.counts = counts;
    }

    @Override
    public synchronized OptionalInt charge(YearMonth month, int limit) {
        if (!month.equals(lastMonth)) {
            lastMonth = month;
            lastKnown = 0;
        }
        try {
            Document after = counts.findOneAndUpdate(
                    new Document("_id", month.toString()).append("used", new Document("$lt", limit)),
                    Updates.inc("used", 1),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            if (degraded) {
                LOG.infof("Counting CoinGecko calls in MongoDB again");
                degraded = false;
            }
            lastKnown = after == null ? lastKnown + 1 : ((Number) after.get("used")).intValue();
            return OptionalInt.of(lastKnown);
        } catch (MongoException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                lastKnown = limit;
                return OptionalInt.empty();
            }
            if (!degraded) {
                LOG.warnf("Cannot count CoinGecko calls in MongoDB (%s); counting in memory from %d until it is back",
                        e.getMessage(), lastKnown);
                degraded = true;
            }
            if (lastKnown >= limit) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(++lastKnown);
        }
    }
}
