package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests to a running CoinGecko stand-in over real HTTP, as the stand-in's tests send them. */
final class StandInRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CoinGeckoStandIn standIn;

    StandInRequests(CoinGeckoStandIn standIn) {
        this.standIn = standIn;
    }

    /** {@code path} under {@code /api/v3}, without a key. */
    HttpResponse<String> send(String path) throws Exception {
        return send(path, null);
    }

    /** {@code path} under {@code /api/v3}, with a Pro API key in its header unless null. */
    HttpResponse<String> send(String path, String proKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/api/v3" + path));
        if (proKey != null) {
            request.header("x-cg-pro-api-key", proKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON answer of {@code path}, which must be answered with 200. */
    JsonNode get(String path) throws Exception {
        return get(path, null);
    }

    JsonNode get(String path, String proKey) throws Exception {
        HttpResponse<String> response = send(path, proKey);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return json(response.body());
    }

    static JsonNode json(String body) throws Exception {
        return MAPPER.readTree(body);
    }
}
