package io.cryptopipe.aggregate.messaging;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.time.Instant;

/**
 * The value of a {@code market.daily} event: the stored daily document as plain JSON. Field names and nesting are
 * the document's; dates become ISO-8601 strings ({@code "2024-02-29T00:00:04.512Z"}) instead of MongoDB's
 * {@code {"$date": …}}, and the database's own {@code _id} is left out.
 */
public final class DailyEventJson {

    private static final JsonWriterSettings SETTINGS = JsonWriterSettings.builder()
            .outputMode(JsonMode.RELAXED)
            .dateTimeConverter((millis, writer) -> writer.writeString(Instant.ofEpochMilli(millis).toString()))
            .build();

    private DailyEventJson() {
    }

    public static String of(Document dailyDocument) {
        Document event = new Document(dailyDocument);
        event.remove("_id");
        return event.toJson(SETTINGS);
    }
}
