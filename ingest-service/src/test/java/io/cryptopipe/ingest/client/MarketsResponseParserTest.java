package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.ingest.RecordedResponses;
import io.cryptopipe.ingest.model.RawRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the service makes of each kind of answer CoinGecko has been seen to give. */
class MarketsResponseParserTest {

    private static final String JSON = "application/json; charset=utf-8";

    private final MarketsResponseParser parser = new MarketsResponseParser(new ObjectMapper());

    @Test
    void anArrayYieldsEachRecordWithItsExactText() {
        String first = "{\"id\":\"a\",\"current_price\":1e-08}";
        String second = "{\n    \"id\" : \"b\",  \"roi\": {\"times\": 2}\n  }";
        List<RawRecord> records = parser.parse(200, JSON, "[ " + first + " ,\n  " + second + "\n]\n");

        assertThat(records).extracting(RawRecord::text).containsExactly(first, second);
        assertThat(records.get(0).json().get("current_price").doubleValue()).isEqualTo(1e-8);
        assertThat(records.get(1).coinIdOrNull()).isEqualTo("b");
    }

    @Test
    void anEmptyArrayIsAnAnswerWithNoRecords() {
        assertThat(parser.parse(200, JSON, "[]")).isEmpty();
    }

    @Test
    void theRecordedRateLimitAnswerFailsWithCoinGeckosMessage() {
        String body = RecordedResponses.read("coingecko/errors/error-429-rate-limit.json");

        assertThatThrownBy(() -> parser.parse(429, JSON, body))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessage("HTTP 429: You've exceeded the Rate Limit. Please visit "
                        + "https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.");
    }

    @Test
    void theRecordedOutageAnswerFailsWithCoinGeckosMessage() {
        String body = RecordedResponses.read("coingecko/errors/error-403-coins-markets-2023-03-30.json");

        assertThatThrownBy(() -> parser.parse(403, JSON, body))
                .hasMessageStartingWith("HTTP 403: This endpoint is temporarily unavailable due to ongoing issues.");
    }

    @Test
    void theRecordedMissingParameterAnswerFailsWithItsErrorText() {
        String body = RecordedResponses.read(
                "coingecko/errors/error-422-coins-markets-missing-vs_currency-2021-07-19.json");

        assertThatThrownBy(() -> parser.parse(422, JSON, body)).hasMessage("HTTP 422: Missing parameter vs_currency");
    }

    @Test
    void anErrorObjectWithStatus200FailsWithItsMessage() {
        String body = RecordedResponses.read("coingecko/errors/error-429-rate-limit.json");

        assertThatThrownBy(() -> parser.parse(200, JSON, body))
                .hasMessageStartingWith("HTTP 200 with an error: You've exceeded the Rate Limit.")
                .hasMessageEndingWith("instead of a JSON array");
    }

    @Test
    void anHtmlPageWithStatus200FailsAsNotJson() {
        String html = "<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head><body></body></html>";

        assertThatThrownBy(() -> parser.parse(200, "text/html", html))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageContaining("HTTP 200 with a body that is not valid JSON")
                .hasMessageContaining("text/html")
                .hasMessageContaining("<!DOCTYPE html> <html><head><title>Just a moment...");
    }

    @Test
    void anHtmlErrorPageNamesItsStatus() {
        assertThatThrownBy(() -> parser.parse(502, "text/html", "<html><body>Bad gateway</body></html>"))
                .hasMessage("HTTP 502: (text/html) <html><body>Bad gateway</body></html>");
    }

    @Test
    void aTruncatedArrayFailsTheWholeAnswer() {
        String body = RecordedResponses.read("coingecko/markets/markets-2026-04-30T0229Z-100.json");
        String truncated = body.substring(0, body.length() / 2);

        assertThatThrownBy(() -> parser.parse(200, JSON, truncated))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anArrayCutAfterAWholeRecordFailsTheWholeAnswer() {
        assertThatThrownBy(() -> parser.parse(200, JSON, "[{\"id\":\"a\"},"))
                .isInstanceOf(CoinGeckoException.class);
    }

    @Test
    void contentAfterTheArrayFailsTheWholeAnswer() {
        assertThatThrownBy(() -> parser.parse(200, JSON, "[{\"id\":\"a\"}] {\"id\":\"b\"}"))
                .hasMessage("HTTP 200 with content after the JSON array");
    }

    @Test
    void anEmptyBodyFails() {
        assertThatThrownBy(() -> parser.parse(200, JSON, "")).hasMessageContaining("empty body");
    }

    @Test
    void aNonArrayJsonValueFails() {
        assertThatThrownBy(() -> parser.parse(200, JSON, "{\"coins\":[]}"))
                .hasMessage("HTTP 200 with a JSON object: {\"coins\":[]} instead of a JSON array");
        assertThatThrownBy(() -> parser.parse(200, JSON, "\"rate limited\""))
                .hasMessageStartingWith("HTTP 200 with a JSON string");
    }

    @Test
    void aNanLiteralIsNotJsonAndFailsTheWholeAnswer() {
        assertThatThrownBy(() -> parser.parse(200, JSON, "[{\"id\":\"a\",\"current_price\":NaN}]"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void eachErrorStatusNamesItsKindForRetriesAndMetrics() {
        assertThatThrownBy(() -> parser.parse(401, JSON,
                "{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}"))
                .hasMessage("HTTP 401: API Key Missing")
                .extracting(e -> ((CoinGeckoException) e).kind()).isEqualTo(CoinGeckoException.Kind.CLIENT_ERROR);
        assertThatThrownBy(() -> parser.parse(403, "text/plain", "error code: 1015"))
                .hasMessage("HTTP 403: (text/plain) error code: 1015")
                .extracting(e -> ((CoinGeckoException) e).kind()).isEqualTo(CoinGeckoException.Kind.CLIENT_ERROR);
        assertThatThrownBy(() -> parser.parse(429, JSON,
                RecordedResponses.read("coingecko/errors/error-429-rate-limit.json")))
                .extracting(e -> ((CoinGeckoException) e).kind()).isEqualTo(CoinGeckoException.Kind.RATE_LIMITED);
        assertThatThrownBy(() -> parser.parse(500, JSON, "{\"error\":\"Internal server error\"}"))
                .hasMessage("HTTP 500: Internal server error")
                .extracting(e -> ((CoinGeckoException) e).kind()).isEqualTo(CoinGeckoException.Kind.SERVER_ERROR);
        assertThatThrownBy(() -> parser.parse(503, JSON,
                "{\"status\":{\"error_code\":503,\"error_message\":\"Service Unavailable\"}}"))
                .hasMessage("HTTP 503: Service Unavailable")
                .extracting(e -> ((CoinGeckoException) e).kind()).isEqualTo(CoinGeckoException.Kind.SERVER_ERROR);
        assertThatThrownBy(() -> parser.parse(200, "text/html", "<html></html>"))
                .extracting(e -> ((CoinGeckoException) e).kind()).isEqualTo(CoinGeckoException.Kind.BAD_BODY);
    }

    @Test
    void anErrorObjectThatIsNotTextIsQuotedAsJson() {
        assertThatThrownBy(() -> parser.parse(400, JSON, "{\"error\":{\"code\":\"invalid_param\",\"field\":\"ids\"}}"))
                .hasMessage("HTTP 400: {\"code\":\"invalid_param\",\"field\":\"ids\"}");
    }

    @Test
    void aMarketChartAnswerIsAnObjectAndAnythingElseFailsClearly() {
        assertThat(parser.parseObject(200, JSON, "{\"prices\":[[1,2.0]]}").get("prices").size()).isEqualTo(1);
        assertThatThrownBy(() -> parser.parseObject(200, JSON, "[]"))
                .hasMessage("HTTP 200 with a JSON array instead of a JSON object");
        assertThatThrownBy(() -> parser.parseObject(404, JSON, "{\"error\":\"coin not found\"}"))
                .hasMessage("HTTP 404: coin not found");
        assertThatThrownBy(() -> parser.parseObject(200, JSON, "{\"prices\":[[1,"))
                .hasMessageContaining("not valid JSON");
    }
}
