package io.cryptopipe.faults;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
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
import java.util.Map;

/**
 * The baseline of the store benchmark, as a process of its own: the simplest loop that does the store's job. A plain
 * KafkaConsumer ({@code max.poll.records=1000}), each record decoded into the stored document, each poll written as
 * one unordered bulk write of {@code $setOnInsert} upserts on (coin_id, timestamp), then the offsets committed.
 * No validation, no dead letters, no retries: what is left when the store's guarantees are taken away.
 * <p>
 * {@code UpsertLoop <bootstrap servers> <mongodb uri> <database> <collection> <group> <records>}; exits after
 * writing that many records.
 */
public final class UpsertLoop {

    private UpsertLoop() {
    }

    public static void main(String[] args) throws IOException {
        String bootstrap = args[0];
        long n = Long.parseLong(args[5]);
        long written = 0;
        try (MongoClient mongo = MongoClients.create(args[1]);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, args[4],
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
                        new StringDeserializer(), new StringDeserializer())) {
            MongoCollection<Document> target = mongo.getDatabase(args[2]).getCollection(args[3]);
            consumer.subscribe(List.of(FaultStack.MARKET_RAW));
            UpdateOptions upsert = new UpdateOptions().upsert(true);
            BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
            while (written < n) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<WriteModel<Document>> models = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> record : records) {
                    Document doc = toDocument(record.value());
                    Document identity = new Document("coin_id", doc.remove("coin_id"))
                            .append("timestamp", doc.remove("timestamp"));
                    models.add(new UpdateOneModel<>(identity, new Document("$setOnInsert", doc), upsert));
                }
                target.bulkWrite(models, unordered);
                consumer.commitAsync();
                written += models.size();
            }
            consumer.commitSync();
        }
    }

    private static Document toDocument(String json) throws IOException {
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
