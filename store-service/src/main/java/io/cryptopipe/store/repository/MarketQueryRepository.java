package io.cryptopipe.store.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.store.model.RawObservation;
import io.cryptopipe.store.service.Step;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Read-only queries over {@code market_data_raw} and {@code market_data_daily}. Each one filters on the leading
 * keys of an index and sorts along it ({@link QueryIndexes} lists which), and downsampling happens inside MongoDB.
 */
@ApplicationScoped
public class MarketQueryRepository {

    public static final String DAILY_COLLECTION = "market_data_daily";

    private final MongoClient client;
    private final String database;

    MarketQueryRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.client = client;
        this.database = database;
    }

    /** Whether any observation of the coin is stored: one index seek on {@code {coin_id, timestamp}}. */
    public boolean coinExists(String coinId) {
        return raw().find(Filters.eq("coin_id", coinId)).projection(Projections.include("_id")).limit(1)
                .first() != null;
    }

    /** Every coin id with at least one observation (a distinct scan of the identity index's first key). */
    public List<String> coinIds() {
        return raw().distinct("coin_id", String.class).into(new ArrayList<>());
    }

    /**
     * The newest observation of one coin: the identity index walked backwards, one document read. One such seek
     * per coin stays cheap however long the history grows, unlike sorting and grouping the whole collection.
     */
    public Optional<Document> latest(String coinId) {
        return Optional.ofNullable(raw().find(Filters.eq("coin_id", coinId))
                .sort(Sorts.descending("coin_id", "timestamp")).limit(1).first());
    }

    /**
     * The coin's observations in {@code [from, to)} grouped into epoch-aligned buckets of {@code step}: average,
     * lowest and highest {@code current_price} and count per bucket, oldest first. The bucket is
     * {@code ms - ms mod step} on {@code {$toLong: "$timestamp"}} (epoch milliseconds), which MongoDB 4.0+ and the
     * wire server evaluate alike; {@code $dateTrunc} would do the same on MongoDB 5+, but the wire server lacks it.
     */
    public List<Document> priceBuckets(String coinId, Instant from, Instant to, Step step) {
        Document millis = new Document("$toLong", "$timestamp");
        Document bucket = new Document("$subtract", List.of(millis, new Document("$mod", List.of(millis, step.millis()))));
        List<Bson> pipeline = List.of(
                Aggregates.match(Filters.and(Filters.eq("coin_id", coinId),
                        Filters.gte("timestamp", Date.from(from)), Filters.lt("timestamp", Date.from(to)))),
                Aggregates.project(new Document("_id", 0).append("price", "$current_price").append("bucket", bucket)),
                Aggregates.group("$bucket",
                        Accumulators.avg("avg", "$price"),
                        Accumulators.min("min", "$price"),
                        Accumulators.max("max", "$price"),
                        Accumulators.sum("count", 1)),
                Aggregates.sort(Sorts.ascending("_id")));
        return raw().aggregate(pipeline).into(new ArrayList<>());
    }

    /** Daily documents of the coin for {@code from..to} inclusive ({@code YYYY-MM-DD} sorts as text), oldest first. */
    public List<Document> daily(String coinId, String from, String to) {
        return daily().find(Filters.and(Filters.eq("coin_id", coinId), Filters.gte("date", from),
                        Filters.lte("date", to)))
                .sort(Sorts.ascending("coin_id", "date"))
                .into(new ArrayList<>());
    }

    MongoCollection<Document> raw() {
        return client.getDatabase(database).getCollection(RawObservation.COLLECTION);
    }

    MongoCollection<Document> daily() {
        return client.getDatabase(database).getCollection(DAILY_COLLECTION);
    }
}
