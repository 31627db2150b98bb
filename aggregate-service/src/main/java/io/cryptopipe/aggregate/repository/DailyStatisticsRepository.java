package io.cryptopipe.aggregate.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.CoinIdRange;
import io.cryptopipe.aggregate.model.CoinQuality;
import io.cryptopipe.contract.RawFields;
import io.cryptopipe.runtime.SharedNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.cryptopipe.contract.DailyFields.CLOSE_PRICE;
import static io.cryptopipe.contract.DailyFields.COIN_ID;
import static io.cryptopipe.contract.DailyFields.DATA_POINTS;
import static io.cryptopipe.contract.DailyFields.DATE;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP_RANK;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;
import static io.cryptopipe.contract.DailyFields.OPEN_PRICE;
import static io.cryptopipe.contract.DailyFields.QUALITY;

/**
 * The daily statistics collection and the raw collection they are computed from, both named by the shared
 * configuration ({@link SharedNames}). Plain documents through the client: the pipeline writes the daily documents
 * inside the database, and every read here is a projection or a whole document handed on as it is.
 */
@ApplicationScoped
public class DailyStatisticsRepository {

    private static final int WRITE_BATCH = 500;

    private final MongoClient client;
    private final String database;
    private final SharedNames.CollectionSettings collections;

    public DailyStatisticsRepository(MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, SharedNames names) {
        this.client = client;
        this.database = database;
        this.collections = names.collections();
    }

    public MongoCollection<Document> raw() {
        return client.getDatabase(database).getCollection(collections.raw());
    }

    private MongoCollection<Document> dailyDocuments() {
        return client.getDatabase(database).getCollection(collections.daily());
    }

    /**
     * Creates the unique index on ({@code coin_id}, {@code date}) unless it exists. It keeps one document per coin
     * and day, and MongoDB requires it before a {@code $merge} may match on those fields. The index on {@code date}
     * serves the reads of a whole day (the day before's coins, the gate, the events).
     */
    public void ensureIndexes() {
        dailyDocuments().createIndex(Indexes.ascending(COIN_ID, DATE), new IndexOptions().unique(true));
        dailyDocuments().createIndex(Indexes.ascending(DATE));
    }

    /** Whether the raw collection holds any observation of the day (answered from the timestamp index). */
    public boolean hasObservations(LocalDate day) {
        Date start = Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Date end = Date.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return raw().find(Filters.and(Filters.gte(RawFields.TIMESTAMP, start), Filters.lt(RawFields.TIMESTAMP, end)))
                .projection(Projections.include(RawFields.TIMESTAMP))
                .limit(1)
                .first() != null;
    }

    /**
     * The statistics the quality report is computed from, one document per coin of the day:
     * {@code coin_id, data_points, open/close/min/max_price, last_market_cap_rank} and the {@code quality}
     * coverage figures the pipeline wrote.
     */
    public List<Document> priceFigures(LocalDate day) {
        return dailyDocuments().find(Filters.eq(DATE, day.toString()))
                .projection(Projections.fields(Projections.excludeId(), Projections.include(COIN_ID, DATA_POINTS,
                        OPEN_PRICE, CLOSE_PRICE, MIN_PRICE, MAX_PRICE, LAST_MARKET_CAP_RANK, QUALITY)))
                .into(new ArrayList<>());
    }

    /** Stores each coin's report as the {@code quality} sub-document of its daily document. */
    public void saveQuality(LocalDate day, Map<String, CoinQuality> qualityByCoin) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        for (Map.Entry<String, CoinQuality> entry : qualityByCoin.entrySet()) {
            updates.add(new UpdateOneModel<>(coinDay(entry.getKey(), day),
                    Updates.set(QUALITY, entry.getValue().toDocument())));
            if (updates.size() == WRITE_BATCH) {
                dailyDocuments().bulkWrite(updates, new BulkWriteOptions().ordered(false));
                updates.clear();
            }
        }
        if (!updates.isEmpty()) {
            dailyDocuments().bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * Every coin id of the raw collection, in MongoDB's string order. Without a filter, MongoDB answers this from the
     * identity index {@code {coin_id: 1, timestamp: 1}} (one seek per coin, not a read of the observations); the
     * answer is one document, so it must stay under 16 MB: about 500,000 coin ids of 30 characters.
     */
    public List<String> rawCoinIds() {
        List<String> coins = raw().distinct(RawFields.COIN_ID, String.class).into(new ArrayList<>());
        coins.sort(CoinIdRange.MONGODB_ORDER);
        return coins;
    }

    /** Coins with a daily document for the day. */
    public Set<String> coinsOf(LocalDate day) {
        return dailyDocuments().distinct(COIN_ID, Filters.eq(DATE, day.toString()), String.class)
                .into(new HashSet<>());
    }

    /** What the quality gate needs of each daily document of the day. */
    public List<CoinDay> coinDays(LocalDate day) {
        List<CoinDay> coins = new ArrayList<>();
        dailyDocuments().find(Filters.eq(DATE, day.toString()))
                .projection(Projections.include(COIN_ID, LAST_MARKET_CAP_RANK, QUALITY))
                .forEach(document -> coins.add(new CoinDay(document.getString(COIN_ID),
                        document.getInteger(LAST_MARKET_CAP_RANK),
                        CoinQuality.fromDocument(document.get(QUALITY, Document.class)))));
        return coins;
    }

    /** Hands every daily document of the day, without {@code _id}, to {@code action}, in {@code coin_id} order. */
    public void forEachDailyDocument(LocalDate day, Consumer<Document> action) {
        dailyDocuments().find(Filters.eq(DATE, day.toString()))
                .projection(Projections.excludeId())
                .sort(Sorts.ascending(COIN_ID))
                .forEach(action);
    }

    private static Bson coinDay(String coinId, LocalDate day) {
        return Filters.and(Filters.eq(COIN_ID, coinId), Filters.eq(DATE, day.toString()));
    }
}
