package io.cryptopipe.ingest.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.cryptopipe.ingest.client.MonthlyLedger;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.service.PollerLease;
import io.cryptopipe.ingest.service.RepairJobs;
import io.cryptopipe.ingest.service.PollingPlan;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The poller lease and the monthly call count in use: shared through MongoDB when {@code ingest.lease.enabled},
 * otherwise always held and counted in memory. The MongoDB client is only created in the first case, so a single
 * replica needs no MongoDB.
 */
@ApplicationScoped
public class PollerLeaseProducer {

    static final String LEASE_NAME = "market-poll";

    private static final Logger LOG = Logger.getLogger(PollerLeaseProducer.class);

    static final String BUDGET_COLLECTION = "ingest_call_budget";

    private MongoPollerLease shared;

    /** Replicas sharing a poller share the monthly count too; a single replica counts in memory. */
    @Produces
    @Singleton
    MonthlyLedger ledger(IngestConfig config, Instance<MongoClient> mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        if (!config.lease().enabled()) {
            return MonthlyLedger.inMemory();
        }
        return new MongoMonthlyLedger(mongo.get().getDatabase(database).getCollection(BUDGET_COLLECTION));
    }

    /** Replicas sharing a poller share the last successful poll and the repair jobs; a single replica keeps them in memory. */
    @Produces
    @Singleton
    RepairJobs repairJobs(IngestConfig config, Instance<MongoClient> mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        if (!config.lease().enabled()) {
            return RepairJobs.inMemory();
        }
        MongoDatabase db = mongo.get().getDatabase(database);
        return new MongoRepairJobs(db.getCollection(config.repair().collection()),
                db.getCollection(config.lease().collection()), config.repair().finishedRetention());
    }

    @Produces
    @Singleton
    PollerLease lease(IngestConfig config, PollingPlan plan, Instance<MongoClient> mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        IngestConfig.Lease settings = config.lease();
        if (!settings.enabled()) {
            return now -> true;
        }
        Optional<Duration> ttl = settings.ttl();
        if (ttl.isPresent() && ttl.get().compareTo(plan.interval()) > 0) {
            LOG.warnf("Poller lease time to live %s is longer than the poll interval %s: a takeover may take more"
                    + " than two intervals", ttl.get(), plan.interval());
        }
        String holder = settings.holder().orElseGet(PollerLeaseProducer::defaultHolder);
        // Unset, the time to live follows the interval as the plan's limits change it, taken at each renewal.
        shared = new MongoPollerLease(mongo.get().getDatabase(database).getCollection(settings.collection()),
                LEASE_NAME, holder, ttl.<Supplier<Duration>>map(fixed -> () -> fixed).orElse(plan::interval));
        LOG.infof("Replicas share one poller through the lease %s in MongoDB (time to live %s); this one is %s",
                LEASE_NAME, ttl.map(Duration::toString).orElse("the poll interval, now " + plan.interval()), holder);
        return shared;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (shared != null) {
            shared.release();
        }
    }

    private static String defaultHolder() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("ingest");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
