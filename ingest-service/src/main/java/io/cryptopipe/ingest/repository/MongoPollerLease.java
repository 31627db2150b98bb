package io.cryptopipe.ingest.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.cryptopipe.ingest.service.PollerLease;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

/**
 * A lease document in MongoDB ({@code {_id: name, holder, expires_at}}) that at most one replica holds: taken when
 * absent or expired, renewed by its holder every third of its time to live. A replica that dies stops renewing,
 * and another takes the lease once it expires.
 * <p>
 * The take is one atomic find-and-modify with upsert: when another replica holds a live lease the filter matches
 * nothing and the upsert's insert of the same {@code _id} fails with a duplicate key, which means "not ours".
 * Expiry is compared with each replica's own clock, so clocks must agree to well within the time to live (NTP).
 */
public final class MongoPollerLease implements PollerLease {

    private static final Logger LOG = Logger.getLogger(MongoPollerLease.class);

    private final MongoCollection<Document> leases;
    private final String name;
    private final String holder;
    private final Supplier<Duration> ttl;
    private boolean held;
    private Instant expiresAt = Instant.MIN;
    private Instant renewAt = Instant.MIN;

    public MongoPollerLease(MongoCollection<Document> leases, String name, String holder, Duration ttl) {
        this(leases, name, holder, () -> ttl);
    }

    /** @param ttl asked for at each take or renewal: by default the poll interval, which the plan's limits change */
    public MongoPollerLease(MongoCollection<Document> leases, String name, String holder, Supplier<Duration> ttl) {
        this.leases = leases;
        this.name = name;
        this.holder = holder;
        this.ttl = ttl;
    }

    @Override
    public synchronized boolean holds(Instant now) {
        if (held && now.isBefore(renewAt)) {
            return true;
        }
        Duration ttl = this.ttl.get();
        Instant until = now.plus(ttl);
        try {
            leases.findOneAndUpdate(
                    new Document("_id", name).append("$or", List.of(
                            new Document("holder", holder),
                            new Document("expires_at", new Document("$lt", Date.from(now))))),
                    Updates.combine(
                            Updates.set("holder", holder),
                            Updates.set("expires_at", Date.from(until)),
                            Updates.set("renewed_at", Date.from(now))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            if (!held) {
                LOG.infof("Took the poller lease %s as %s: this replica polls CoinGecko", name, holder);
            }
            held = true;
            expiresAt = until;
            renewAt = now.plus(ttl.dividedBy(3));
        } catch (MongoException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                if (held) {
                    LOG.warnf("Lost the poller lease %s to another replica; %s stops polling", name, holder);
                }
                held = false;
            } else {
                // Unknown whether anyone else holds it: keep polling only while our own lease surely runs.
                boolean stillOurs = held && now.isBefore(expiresAt);
                LOG.warnf("Cannot renew the poller lease %s (%s); %s", name, e.getMessage(),
                        stillOurs ? "polling until it expires at " + expiresAt : "not polling");
                held = stillOurs;
            }
        }
        return held;
    }

    /** Gives the lease up at once (on shutdown), so another replica need not wait for it to expire. */
    public synchronized void release() {
        if (!held) {
            return;
        }
        held = false;
        try {
            leases.updateOne(new Document("_id", name).append("holder", holder),
                    Updates.set("expires_at", new Date(0)));
            LOG.infof("Released the poller lease %s", name);
        } catch (MongoException e) {
            LOG.warnf("Could not release the poller lease %s (%s); it expires at %s", name, e.getMessage(),
                    expiresAt);
        }
    }

    String holder() {
        return holder;
    }
}
