package io.cryptopipe.store.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.contract.RawFields;
import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.store.config.StoreConfig;
import io.cryptopipe.store.write.StoreBackoff;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The indexes of {@code market_data_raw}, made sure of once per process, at start-up, off the write path: the unique
 * identity {@code {coin_id: 1, timestamp: 1}} that refuses a redelivered observation's insert (E11000), and the TTL
 * index {@code {timestamp: 1}} that expires observations after {@code store.retention} and serves the daily job's
 * range match.
 * <p>
 * It runs on its own thread, because building an index over a large collection takes long (and waits for the commit
 * quorum): start-up completes at once, and writes wait (see {@link #requireReady()}) until both indexes are there, so
 * nothing is stored without the unique identity. While MongoDB cannot be reached it tries again with backoff. What
 * needs an operator ({@link IndexConflictException}) is logged as one line and stops the service with exit code 1:
 * retrying could not resolve it. It never drops an index.
 */
@ApplicationScoped
public class RawIndexes {

    /** Makes (coin_id, timestamp) the identity of an observation: a second insert of it is refused. */
    public static final String IDENTITY = "coin_id_1_timestamp_1";
    /** Serves the daily job's range match on timestamp and, with a retention, expires old observations. */
    public static final String TIMESTAMP = "timestamp_1";

    private static final Logger LOG = Logger.getLogger(RawIndexes.class);
    // How long a write waits for the check to finish before it fails and is retried: at start-up the check takes
    // milliseconds, so the first batch waits instead of failing; a long build shows as failed, retried writes.
    private static final Duration WRITE_WAIT = Duration.ofSeconds(5);

    private final Supplier<MongoDatabase> database;
    private final String collection;
    private final List<IndexSpec> specs;
    private final Optional<Ttl> changeFrom;
    private final Backoff backoff;
    private final IntConsumer exit;
    private final Duration writeWait;
    private final ScheduledExecutorService executor;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String notReadyBecause = "not checked yet";
    private int failures;

    @Inject
    RawIndexes(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            StoreConfig config, SharedNames names) {
        this(() -> client.getDatabase(database), names.collections().raw(), config, Quarkus::asyncExit, WRITE_WAIT);
    }

    RawIndexes(Supplier<MongoDatabase> database, StoreConfig config, IntConsumer exit) {
        this(database, config, exit, WRITE_WAIT);
    }

    /** With another wait of the write path ({@link #requireReady()}), for a test that makes it wait in vain. */
    RawIndexes(Supplier<MongoDatabase> database, StoreConfig config, IntConsumer exit, Duration writeWait) {
        this(database, CollectionNames.RAW, config, exit, writeWait);
    }

    private RawIndexes(Supplier<MongoDatabase> database, String collection, StoreConfig config, IntConsumer exit,
            Duration writeWait) {
        this.collection = collection;
        // An index build outlasts the read timeout of ordinary operations: every call here gets the longer bound.
        long adminMillis = config.adminTimeout().toMillis();
        this.database = () -> database.get().withTimeout(adminMillis, TimeUnit.MILLISECONDS);
        this.specs = specs(Ttl.ofRetention(config.retention()));
        this.changeFrom = config.retentionChangeFrom().map(Ttl::ofRetention);
        this.backoff = StoreBackoff.backoff(config.retry());
        this.exit = exit;
        this.writeWait = writeWait;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "raw-indexes");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What the store needs on the raw collection, in the order it makes sure of them. */
    static List<IndexSpec> specs(Ttl retention) {
        return List.of(
                new IndexSpec(IDENTITY, new Document(RawFields.COIN_ID, 1).append(RawFields.TIMESTAMP, 1), true,
                        Ttl.none(),
                        "the identity of an observation (each stored once)"),
                new IndexSpec(TIMESTAMP, new Document(RawFields.TIMESTAMP, 1), false, retention,
                        "the daily job's range match and the retention"));
    }

    void start(@Observes StartupEvent event) {
        executor.execute(this::attempt);
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** Whether both indexes are known to be there as the store needs them. */
    public boolean ready() {
        return ready.getCount() == 0;
    }

    /** Why not, while not. */
    public String notReadyBecause() {
        return notReadyBecause;
    }

    /**
     * The write path's only index concern: a flag, no round trip. Before the check finished it waits for it, briefly.
     *
     * @throws IndexesNotReadyException until the indexes were made sure of, so that the caller retries the write later
     */
    public void requireReady() {
        try {
            if (ready.await(writeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IndexesNotReadyException("indexes of " + collection + " not ready yet: "
                + notReadyBecause);
    }

    private void attempt() {
        try {
            ensure();
            notReadyBecause = "";
            ready.countDown();
        } catch (IndexConflictException e) {
            notReadyBecause = e.getMessage();
            LOG.errorf("Stopping: %s", e.getMessage());
            exit.accept(1);
        } catch (RuntimeException e) {
            failures++;
            notReadyBecause = e.getClass().getSimpleName() + ": " + e.getMessage();
            long delay = backoff.delay(failures).toMillis();
            LOG.warnf("Cannot check the indexes of %s yet (attempt %d, next in %d ms): %s", collection,
                    failures, delay, e.getMessage());
            if (!executor.isShutdown()) {
                executor.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Lists the indexes and acts on each decision of {@link IndexPlan}.
     *
     * @throws IndexConflictException when an operator has to act
     * @throws MongoException         when MongoDB could not be asked or did not finish; trying again is safe
     */
    void ensure() {
        MongoDatabase db = database.get();
        MongoCollection<Document> raw = db.getCollection(collection);
        for (IndexSpec spec : specs) {
            List<Document> existing = raw.listIndexes().into(new ArrayList<>());
            IndexDecision decision = IndexPlan.decide(collection, spec, existing,
                    spec.name().equals(TIMESTAMP) ? changeFrom : Optional.empty());
            if (decision instanceof IndexDecision.Present present) {
                LOG.infof("Index %s %s present on %s%s", spec.name(), spec.describe(), collection,
                        present.existingName().equals(spec.name()) ? "" : " as " + present.existingName());
            } else if (decision instanceof IndexDecision.Create create) {
                create(raw, create.spec());
            } else if (decision instanceof IndexDecision.ChangeTtl change) {
                changeTtl(db, change);
            } else if (decision instanceof IndexDecision.Conflict conflict) {
                throw new IndexConflictException(conflict.message());
            }
        }
    }

    private void create(MongoCollection<Document> raw, IndexSpec spec) {
        LOG.infof("Building index %s %s on %s", spec.name(), spec.describe(), collection);
        try {
            raw.createIndex(spec.keys(), spec.options());
        } catch (MongoServerException e) {
            if (retryable(e)) {
                throw e;
            }
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                throw new IndexConflictException(String.format("Cannot build the unique index %s on %s: the "
                        + "collection already holds several documents with the same %s (%s). Remove the duplicates "
                        + "(README, \"Indexes and privileges\", lists them), then restart the store", spec.name(),
                        collection, spec.keys().keySet(), e.getMessage()));
            }
            throw new IndexConflictException(String.format("Cannot build index %s %s on %s: %s%s", spec.name(),
                    spec.describe(), collection, e.getMessage(), hint(e, "createIndex")));
        }
        LOG.infof("Index %s built on %s", spec.name(), collection);
    }

    private void changeTtl(MongoDatabase db, IndexDecision.ChangeTtl change) {
        Document command = change.command(collection);
        try {
            db.runCommand(command);
        } catch (MongoServerException e) {
            if (retryable(e)) {
                throw e;
            }
            throw new IndexConflictException(String.format("Cannot change the TTL of index %s on %s from %s to %s in "
                    + "place with collMod: %s%s. (Turning a plain index into a TTL index needs MongoDB 5.1+.) Or "
                    + "change it by hand: db.runCommand(%s)", change.existingName(), collection,
                    change.from(), change.to(), e.getMessage(), hint(e, "collMod"), command.toJson()));
        }
        LOG.infof("Changed the TTL of index %s on %s in place (collMod) from %s to %s", change.existingName(),
                collection, change.from(), change.to());
    }

    // Errors of a replica set in transition or a server-side time limit (50: MaxTimeMSExpired): the same request
    // can work later.
    private static boolean retryable(MongoServerException e) {
        return e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e.getCode() == 50 || e.hasErrorLabel("RetryableWriteError");
    }

    private String hint(MongoServerException e, String action) {
        // 13: Unauthorized
        return e.getCode() == 13 ? " (the store's MongoDB user lacks the " + action + " action on "
                + collection + ": see k8s/mongodb/roles.js)" : "";
    }
}
