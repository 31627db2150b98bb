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
 * A duplicate key has a second cause: at the month's first call two replicas may both find no document and both
 * insert it; one insert wins, the other fails although the month is far from used up. MongoDB (4.2+) retries such
 * an upsert itself only when the filter is nothing but equalities on the unique key, which {@code used < limit}
 * is not. So a duplicate key is tried once more: the document then exists, and the second attempt either counts
 * the call or fails again because the month really is used up.
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
            Document after = chargeRetryingADuplicateKeyOnce(month, limit);
            if (degraded) {
                LOG.infof("Counting CoinGecko calls in MongoDB again");
                degraded = false;
            }
            lastKnown = after == null ? lastKnown + 1 : ((Number) after.get("used")).intValue();
            return OptionalInt.of(lastKnown);
        } catch (MongoException e) {
            if (isDuplicateKey(e)) {
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

    private Document chargeRetryingADuplicateKeyOnce(YearMonth month, int limit) {
        try {
            return chargeOnce(month, limit);
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            // Lost the race to insert the month's document (now there: this attempt counts the call), or the month
            // is used up (this attempt fails the same way).
            return chargeOnce(month, limit);
        }
    }

    private Document chargeOnce(YearMonth month, int limit) {
        return counts.findOneAndUpdate(
                new Document("_id", month.toString()).append("used", new Document("$lt", limit)),
                Updates.inc("used", 1),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    }

    private static boolean isDuplicateKey(MongoException e) {
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
