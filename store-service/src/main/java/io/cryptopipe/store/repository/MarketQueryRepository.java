package io.cryptopipe.store.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.contract.DailyFields;
import io.cryptopipe.contract.RawFields;
import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.store.config.QueryConfig;
import io.cryptopipe.store.model.PricePoint;
import io.cryptopipe.store.query.CoinsQuery.Position;
import io.cryptopipe.store.query.CoinsQuery;
import io.cryptopipe.store.query.Step;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Read-only queries over {@code market_data_raw} and {@code market_data_daily}. Each one filters on the leading
 * keys of an index and sorts along it ({@link QueryIndexes} lists which), and downsampling happens inside MongoDB.
 */
@ApplicationScoped
public class MarketQueryRepository {

    /** Added to each document of {@link #latestPage}: the rank, or {@link Position#UNRANKED} without one. */
    public static final String RANK_ORDER = "rank_order";

    private final MongoClient client;
    private final String database;
    private final QueryConfig config;
    private final String rawCollection;
    private final String dailyCollection;

    @Inject
    MarketQueryRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                          QueryConfig config, SharedNames names) {
        this(client, database, config, names.collections().raw(), names.collections().daily());
    }

    /** With the collections' default names, for tests and benchmarks that build it without CDI. */
    MarketQueryRepository(MongoClient client, String database, QueryConfig config) {
        this(client, database, config, CollectionNames.RAW, CollectionNames.DAILY);
    }

    private MarketQueryRepository(MongoClient client, String database, QueryConfig config, String rawCollection,
                                  String dailyCollection) {
        this.client = client;
        this.database = database;
        this.config = config;
        this.rawCollection = rawCollection;
        this.dailyCollection = dailyCollection;
    }

    /** Whether any observation of the coin is stored: one index seek on {@code {coin_id, timestamp}}. */
    public boolean coinExists(String coinId) {
        return raw().find(Filters.eq(RawFields.COIN_ID, coinId)).projection(Projections.include("_id")).limit(1)
                .maxTime(maxTime(), TimeUnit.MILLISECONDS).first() != null;
    }

    /**
     * One page of the newest observation per coin, in the list's order (rank, unranked last, then coin id), with
     * {@code limit + 1} documents at most so the caller sees whether another page follows. Each document is the
     * stored observation plus {@value #RANK_ORDER}, its place in that order.
     * <p>
     * One aggregation: {@code $sort} on {@code {coin_id: -1, timestamp: -1}} followed by a {@code $group} whose only
     * accumulator is {@code $first} is what MongoDB turns into a DISTINCT_SCAN of the {@code {coin_id: 1,
     * timestamp: 1}} identity index walked backwards: one index seek and one document per coin, however long each
     * coin's history. The sort must be exactly the index order or its reverse (a mixed {@code {coin_id: 1,
     * timestamp: -1}} is served by neither) and only a {@code $match} on {@code coin_id} may come before it, so the
     * name filter, the cursor and the rank order come after the group, on one document per coin; the final
     * {@code $sort} + {@code $limit} keeps only {@code limit + 1} documents in memory.
     */
    public List<Document> latestPage(CoinsQuery query) {
        List<Bson> pipeline = new ArrayList<>();
        if (!query.ids().isEmpty()) {
            pipeline.add(Aggregates.match(Filters.in(RawFields.COIN_ID, query.ids())));
        }
        pipeline.add(Aggregates.sort(Sorts.descending(RawFields.COIN_ID, RawFields.TIMESTAMP)));
        pipeline.add(Aggregates.group("$" + RawFields.COIN_ID, Accumulators.first("latest", "$$ROOT")));
        pipeline.add(Aggregates.replaceRoot("$latest"));
        pipeline.add(Aggregates.addFields(new Field<>(RANK_ORDER,
                new Document("$ifNull", List.of("$market_cap_rank", Position.UNRANKED)))));
        query.search().ifPresent(text -> {
            Pattern prefix = Pattern.compile("^" + literal(text), Pattern.CASE_INSENSITIVE);
            pipeline.add(Aggregates.match(Filters.or(Filters.regex(RawFields.SYMBOL, prefix),
                    Filters.regex(RawFields.NAME, prefix))));
        });
        query.after().ifPresent(after -> pipeline.add(Aggregates.match(Filters.or(
                Filters.gt(RANK_ORDER, after.rankOrder()),
                Filters.and(Filters.eq(RANK_ORDER, after.rankOrder()),
                        Filters.gt(RawFields.COIN_ID, after.coinId()))))));
        pipeline.add(Aggregates.sort(Sorts.ascending(RANK_ORDER, RawFields.COIN_ID)));
        pipeline.add(Aggregates.limit(query.limit() + 1));
        // The whole page in the first reply: the default first batch (101 documents) would cost a getMore.
        return raw().aggregate(pipeline).maxTime(maxTime(), TimeUnit.MILLISECONDS).batchSize(query.limit() + 1)
                .into(new ArrayList<>());
    }

    /**
     * The text as a regular expression matching exactly itself: every character that is not a letter or digit is
     * escaped, which PCRE (MongoDB) and java.util.regex (the wire server) both read as that character.
     */
    static String literal(String text) {
        StringBuilder regex = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c)) {
                regex.append('\\');
            }
            regex.appendCodePoint(c);
        });
        return regex.toString();
    }

    /**
     * The coin's observations in {@code [from, to)} as one candle per epoch-aligned bucket of {@code step}, oldest
     * first, computed by MongoDB ({@link PriceCandles}).
     */
    public List<PricePoint> priceBuckets(String coinId, Instant from, Instant to, Step step) {
        return raw().aggregate(PriceCandles.pipeline(coinId, from, to, step.millis()))
                .maxTime(maxTime(), TimeUnit.MILLISECONDS).map(PriceCandles::candle).into(new ArrayList<>());
    }

    /** Daily documents of the coin for {@code from..to} inclusive ({@code YYYY-MM-DD} sorts as text), oldest first. */
    public List<Document> daily(String coinId, String from, String to) {
        return daily().find(Filters.and(Filters.eq(DailyFields.COIN_ID, coinId), Filters.gte(DailyFields.DATE, from),
                        Filters.lte(DailyFields.DATE, to)))
                .sort(Sorts.ascending(DailyFields.COIN_ID, DailyFields.DATE))
                .maxTime(maxTime(), TimeUnit.MILLISECONDS)
                .into(new ArrayList<>());
    }

    /** {@code maxTimeMS} of every query here: MongoDB itself stops a query that runs longer (error 50). */
    private long maxTime() {
        return config.maxTime().toMillis();
    }

    MongoCollection<Document> raw() {
        return client.getDatabase(database).getCollection(rawCollection);
    }

    MongoCollection<Document> daily() {
        return client.getDatabase(database).getCollection(dailyCollection);
    }
}
