package io.cryptopipe.aggregate.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.model.Hole;
import io.cryptopipe.contract.RawFields;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;

/**
 * The holes of a few coins on one day, read from the raw collection: only for the observed coins that fail the gate
 * on their coverage (at most the gate's top N), a day of point times each, read through the identity index in its
 * order.
 */
@ApplicationScoped
public class RawHoles {

    private final JobCollections collections;

    public RawHoles(JobCollections collections) {
        this.collections = collections;
    }

    /**
     * Every stretch longer than {@code minGap} without a point of any source, per coin in coin order, from 00:00Z
     * to the next 00:00Z; a coin without any point on the day has one hole, the whole day.
     */
    public List<Hole> of(LocalDate day, Collection<String> coins, Duration minGap) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Hole> holes = new ArrayList<>();
        if (coins.isEmpty()) {
            return holes;
        }
        TreeSet<String> silent = new TreeSet<>(coins);
        String[] coin = {null};
        Instant[] previous = {start};
        collections.raw()
                .find(Filters.and(Filters.in(RawFields.COIN_ID, coins),
                        Filters.gte(RawFields.TIMESTAMP, Date.from(start)),
                        Filters.lt(RawFields.TIMESTAMP, Date.from(end))))
                .projection(Projections.fields(Projections.include(RawFields.COIN_ID, RawFields.TIMESTAMP),
                        Projections.excludeId()))
                .sort(Sorts.ascending(RawFields.COIN_ID, RawFields.TIMESTAMP))
                .forEach((Document point) -> {
                    String id = point.getString(RawFields.COIN_ID);
                    Instant time = point.getDate(RawFields.TIMESTAMP).toInstant();
                    if (!id.equals(coin[0])) {
                        if (coin[0] != null) {
                            add(holes, coin[0], previous[0], end, minGap);
                        }
                        coin[0] = id;
                        previous[0] = start;
                        silent.remove(id);
                    }
                    add(holes, id, previous[0], time, minGap);
                    previous[0] = time;
                });
        if (coin[0] != null) {
            add(holes, coin[0], previous[0], end, minGap);
        }
        silent.forEach(id -> holes.add(Hole.wholeDay(id, day)));
        holes.sort(Hole.ORDER);
        return holes;
    }

    private static void add(List<Hole> holes, String coin, Instant from, Instant to, Duration minGap) {
        if (Duration.between(from, to).compareTo(minGap) > 0) {
            holes.add(new Hole(coin, from, to));
        }
    }
}
