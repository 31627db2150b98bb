package io.cryptopipe.aggregate.messaging;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON of a daily event: the stored document, with ISO-8601 times and without the database's id. */
class DailyEventJsonTest {

    @Test
    void datesBecomeIsoStringsNumbersStayNumbersAndIdIsLeftOut() {
        Document stored = new Document("_id", new ObjectId())
                .append("coin_id", "bitcoin")
                .append("date", "2024-02-29")
                .append("min_price", 1.0E-8)
                .append("data_points", 2880)
                .append("first_timestamp", Date.from(Instant.parse("2024-02-29T00:00:04.512Z")))
                .append("last_market_cap", null)
                .append("quality", new Document("coverage", 0.5).append("ordering_ok", true));

        String json = DailyEventJson.of(stored);

        assertThat(json).isEqualTo("{\"coin_id\": \"bitcoin\", \"date\": \"2024-02-29\", \"min_price\": 1.0E-8, "
                + "\"data_points\": 2880, \"first_timestamp\": \"2024-02-29T00:00:04.512Z\", "
                + "\"last_market_cap\": null, \"quality\": {\"coverage\": 0.5, \"ordering_ok\": true}}");
        assertThat(stored).containsKey("_id");
    }
}
