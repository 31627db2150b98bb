package io.cryptopipe.aggregate.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.aggregate.model.DayQualityReport;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static io.cryptopipe.aggregate.model.DayQualityReport.DATE;
import static io.cryptopipe.aggregate.model.DayQualityReport.MISSING;

/** The day-level quality reports, one document per {@code date}, replaced when a day is aggregated again. */
@ApplicationScoped
public class QualityReportRepository {

    private final MongoClient client;
    private final String database;
    private final AggregateConfig config;

    public QualityReportRepository(MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, AggregateConfig config) {
        this.client = client;
        this.database = database;
        this.config = config;
    }

    private MongoCollection<Document> reports() {
        return client.getDatabase(database).getCollection(config.qualityCollection());
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

    /** The expected coins the run that wrote the day's report found missing; empty when there is no report. */
    public Optional<List<String>> missingCoins(LocalDate day) {
        Document report = reports().find(Filters.eq(DATE, day.toString())).first();
        return Optional.ofNullable(report).map(document -> document.getList(MISSING, String.class, List.of()));
    }
}
