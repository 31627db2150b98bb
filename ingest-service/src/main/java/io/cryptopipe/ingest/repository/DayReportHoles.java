package io.cryptopipe.ingest.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.cryptopipe.ingest.model.Hole;
import io.cryptopipe.runtime.SharedNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The holes a day's quality report ({@code market_data_quality}, written by aggregate-service, one document per
 * {@code date}) says a repair can still fill: {@code holes: [{coin_id, from, to}]}. One {@code find} by the day,
 * projected to the holes. The MongoDB client is created on first use: the service itself needs MongoDB only for a
 * shared lease.
 */
@ApplicationScoped
public class DayReportHoles {

    static final String DATE = "date";
    static final String HOLES = "holes";
    static final String COIN_ID = "coin_id";
    static final String FROM = "from";
    static final String TO = "to";

    private final Instance<MongoClient> mongo;
    private final String database;
    private final String collection;

    DayReportHoles(Instance<MongoClient> mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            SharedNames names) {
        this.mongo = mongo;
        this.database = database;
        this.collection = names.collections().quality();
    }

    /**
     * @return the day's holes (none when the report lists none); empty when there is no report of the day
     * @throws IllegalStateException when a listed hole lacks its coin or times
     */
    public Optional<List<Hole>> holes(LocalDate day) {
        Document report = mongo.get().getDatabase(database).getCollection(collection)
                .find(Filters.eq(DATE, day.toString()))
                .projection(Projections.include(HOLES))
                .first();
        if (report == null) {
            return Optional.empty();
        }
        List<Hole> holes = new ArrayList<>();
        for (Document hole : report.getList(HOLES, Document.class, List.of())) {
            try {
                holes.add(new Hole(hole.getString(COIN_ID), instant(hole.get(FROM)), instant(hole.get(TO))));
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new IllegalStateException("The quality report of " + day + " lists a hole that is not {coin_id,"
                        + " from, to}: " + hole.toJson(), e);
            }
        }
        return Optional.of(holes);
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Date) value).toInstant();
    }
}
