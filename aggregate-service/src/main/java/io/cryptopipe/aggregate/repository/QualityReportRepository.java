package io.cryptopipe.aggregate.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.cryptopipe.aggregate.model.DayQualityReport;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static io.cryptopipe.aggregate.model.DayQualityReport.DATE;
import static io.cryptopipe.aggregate.model.DayQualityReport.MISSING;
import static io.cryptopipe.aggregate.model.DayQualityReport.MISSING_COUNT;

/** The day-level quality reports, one document per {@code date}, replaced when a day is aggregated again. */
@ApplicationScoped
public class QualityReportRepository {

    private final JobCollections collections;

    public QualityReportRepository(JobCollections collections) {
        this.collections = collections;
    }

    private MongoCollection<Document> reports() {
        return collections.quality();
    }

    /** One report per day, also under concurrent runs of the same day. */
    public void ensureIndexes() {
        reports().createIndex(Indexes.ascending(DATE), new IndexOptions().unique(true));
    }

    /** Replaces the day's report (same {@code _id}), or inserts it. */
    public void save(DayQualityReport report) {
        reports().replaceOne(Filters.eq(DATE, report.day().toString()), report.toDocument(),
                new ReplaceOptions().upsert(true));
    }

    /**
     * The expected coins the run that wrote the day's report found missing, as far as the report lists them, and how
     * many there were; empty when there is no report.
     */
    public Optional<MissingCoins> missingCoins(LocalDate day) {
        Document report = reports().find(Filters.eq(DATE, day.toString())).first();
        return Optional.ofNullable(report).map(document -> {
            List<String> listed = document.getList(MISSING, String.class, List.of());
            // A report written before the count was stored lists every missing coin.
            Number count = document.get(MISSING_COUNT, Number.class);
            return new MissingCoins(listed, count == null ? listed.size() : count.intValue());
        });
    }

    /**
     * @param listed the first missing coins, sorted, at most {@link DayQualityReport#LISTED}
     * @param count  all missing coins, listed or not
     */
    public record MissingCoins(List<String> listed, int count) {

        public MissingCoins {
            listed = List.copyOf(listed);
        }
    }
}
