package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorded real {@code /coins/markets} responses the CoinGecko stand-in replays: one full UTC day of polls,
 * in fetch order, read from the classpath ({@code coingecko/replay/index.csv} and the files it names).
 */
public final class RecordedPolls {

    /** One recorded poll: when it was fetched and the array CoinGecko answered. */
    public record Poll(Instant fetchedAt, ArrayNode records) {
    }

    private static final String FOLDER = "coingecko/replay/";

    private final List<Poll> polls;
    private final Instant dayStart;

    private RecordedPolls(List<Poll> polls) {
        this.polls = List.copyOf(polls);
        this.dayStart = polls.get(0).fetchedAt().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    public static RecordedPolls load(ObjectMapper mapper) {
        List<Poll> polls = new ArrayList<>();
        try (BufferedReader index = reader(FOLDER + "index.csv")) {
            index.readLine(); // header: file,scheduled_slot_utc,fetched_at_utc,...
            for (String line = index.readLine(); line != null; line = index.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                try (InputStream body = RecordedFiles.open(FOLDER + cells[0])) {
                    JsonNode records = mapper.readTree(body);
                    polls.add(new Poll(Instant.parse(cells[2]), (ArrayNode) records));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded polls", e);
        }
        polls.sort(java.util.Comparator.comparing(Poll::fetchedAt));
        return new RecordedPolls(polls);
    }

    public List<Poll> polls() {
        return polls;
    }

    /** Midnight (UTC) of the recorded day. */
    public Instant dayStart() {
        return dayStart;
    }

    private static BufferedReader reader(String name) {
        return new BufferedReader(new InputStreamReader(RecordedFiles.open(name), StandardCharsets.UTF_8));
    }
}
