package io.cryptopipe.faults;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.cryptopipe.contract.MarketRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A baseline of the store benchmark, as a process of its own: the simplest loop that does the store's job with one
 * write form. A plain KafkaConsumer ({@code max.poll.records=1000}), each record decoded into the stored document,
 * each poll written in one unordered write, then the offsets committed. No validation, no dead letters, no retries:
 * what is left when the store's guarantees are taken away. The forms:
 * <ul>
 *     <li>{@code insert}: {@code insertMany}, a duplicate-key error per stored observation, ignored;</li>
 *     <li>{@code replace}: {@code ReplaceOne} upserts on (coin_id, timestamp), as the MongoDB Kafka sink's
 *     {@code ReplaceOneBusinessKeyStrategy} writes;</li>
 *     <li>{@code setOnInsert}: {@code UpdateOne} upserts that set the other fields only when they insert.</li>
 * </ul>
 * {@code BaselineLoop <form> <bootstrap servers> <mongodb uri> <database> <collection> <group> <records>}; exits
 * after writing that many records.
 */
public final class BaselineLoop {

    /** The write forms, by their name on the command line. */
    enum Form {
        INSERT, REPLACE, SET_ON_INSERT;

        String arg() {
            return this == SET_ON_INSERT ? "setOnInsert" : name().toLowerCase(Locale.ROOT);
        }

        static Form of(String arg) {
            for (Form form : values()) {
                if (form.arg().equals(arg)) {
                    return form;
                }
            }
            throw new IllegalArgumentException("no write form " + arg);
        }
    }

    private static final InsertManyOptions UNORDERED_INSERT = new InsertManyOptions().ordered(false);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);

    private BaselineLoop() {
    }

    public static void main(String[] args) throws IOException {
        Form form = Form.of(args[0]);
        String bootstrap = args[1];
        long n = Long.parseLong(args[6]);
        long written = 0;
        try (MongoClient mongo = MongoClients.create(args[2]);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, args[5],
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
                        new StringDeserializer(), new StringDeserializer())) {
            MongoCollection<Document> target = mongo.getDatabase(args[3]).getCollection(args[4]);
            consumer.subscribe(List.of(FaultStack.MARKET_RAW));
            while (written < n) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Document> documents = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> record : records) {
                    documents.add(toDocument(record.value()));
                }
                write(form, target, documents);
                consumer.commitAsync();
                written += documents.size();
            }
            consumer.commitSync();
        }
    }

    private static void write(Form form, MongoCollection<Document> target, List<Document> documents) {
        if (form == Form.INSERT) {
            try {
                target.insertMany(documents, UNORDERED_INSERT);
            } catch (MongoBulkWriteException e) {
                // Duplicates: stored already, the first version wins.
            }
            return;
        }
        List<WriteModel<Document>> models = new ArrayList<>(documents.size());
        for (Document doc : documents) {
            Document identity = new Document("coin_id", doc.get("coin_id")).append("timestamp", doc.get("timestamp"));
            if (form == Form.REPLACE) {
                models.add(new ReplaceOneModel<>(identity, doc, REPLACE_UPSERT));
            } else {
                doc.remove("coin_id");
                doc.remove("timestamp");
                models.add(new UpdateOneModel<>(identity, new Document("$setOnInsert", doc), UPSERT));
            }
        }
        target.bulkWrite(models, UNORDERED);
    }

    /** The stored document of a record on the topic, as the store writes it. */
    static Document toDocument(String json) throws IOException {
        MarketRecord r = RecordedCoins.MAPPER.readValue(json, MarketRecord.class);
        return new Document("coin_id", r.coinId())
                .append("timestamp", Date.from(r.timestamp()))
                .append("fetched_at", Date.from(r.fetchedAt()))
                .append("source", r.source())
                .append("schema_version", r.schemaVersion())
                .append("symbol", r.symbol())
                .append("name", r.name())
                .append("current_price", r.currentPrice())
                .append("market_cap", r.marketCap())
                .append("market_cap_rank", r.marketCapRank())
                .append("total_volume", r.totalVolume())
                .append("high_24h", r.high24h())
                .append("low_24h", r.low24h())
                .append("price_change_24h", r.priceChange24h())
                .append("price_change_percentage_24h", r.priceChangePercentage24h())
                .append("circulating_supply", r.circulatingSupply());
    }
}
