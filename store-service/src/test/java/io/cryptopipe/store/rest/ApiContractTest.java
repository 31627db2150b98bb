package io.cryptopipe.store.rest;

import com.mongodb.client.MongoClient;
import io.cryptopipe.store.RecordedDay;
import io.cryptopipe.store.StoreStackTestResource;
import io.cryptopipe.store.config.QueryConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API does what its OpenAPI document says, as schemathesis (pinned, in a venv of its own:
 * {@code src/test/schemathesis/run-schemathesis.sh}) judges it against the running service with the recorded day in
 * MongoDB: every check, stateful ones included, on every operation: no server error, every answer and status as
 * documented, every request the document allows accepted and every one it forbids refused, 405s with their Allow
 * header. Once with a fixed seed (the same cases every build) and once with a fresh one (new cases each build; the
 * seed is logged, and {@code run-schemathesis.sh URL SEED DIR} replays it), the two runs side by side. Needs
 * Python 3.11 with venv ({@code bin/install-test-deps}); installing schemathesis the first time takes under a minute.
 */
@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class ApiContractTest {

    private static final Logger LOG = Logger.getLogger(ApiContractTest.class);
    private static final Path SCRIPT = Path.of("src", "test", "schemathesis", "run-schemathesis.sh");
    private static final Path REPORTS = Path.of("target", "schemathesis");
    private static final long FIXED_SEED = 20_261_206L;
    private static final long FRESH_SEED = new SecureRandom().nextInt(Integer.MAX_VALUE);
    /** The runs of this class, by seed, started together before its first test. */
    private static final Map<Long, Run> RUNS = new ConcurrentHashMap<>();
    /**
     * Only keeps a hung run from holding the build: far above what a run takes (docs/benchmarks.md, "API contract
     * test"), with room for a first install of schemathesis and a machine busy with other builds.
     */
    private static final Duration WITHIN = Duration.ofMinutes(12);

    @TestHTTPResource("/q/openapi")
    URL document;

    @Inject
    MongoClient mongoClient;

    @Inject
    QueryConfig config;

    @BeforeEach
    void storeTheRecordedDayAndStartBothRuns() {
        RecordedDay.load(mongoClient);
        // Both runs side by side, one process each: a run is mostly one Python process generating cases, so two
        // overlap well; the API is read-only, so neither run sees the other's requests.
        for (long seed : List.of(FIXED_SEED, FRESH_SEED)) {
            RUNS.computeIfAbsent(seed, this::start);
        }
    }

    @AfterAll
    static void stopUnfinishedRuns() {
        RUNS.values().forEach(Run::stop);
        RUNS.clear();
    }

    @Test
    void findsNothingWithTheFixedSeed() throws Exception {
        assertFindsNothing(RUNS.get(FIXED_SEED));
    }

    @Test
    void findsNothingWithAFreshSeed() throws Exception {
        assertFindsNothing(RUNS.get(FRESH_SEED));
    }

    private Run start(long seed) {
        LOG.infof("schemathesis seed %d (replay: %s %s %d %s)", seed, SCRIPT, document, seed, REPORTS);
        try {
            Files.createDirectories(REPORTS);
            Path log = REPORTS.resolve("schemathesis-" + seed + ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(SCRIPT.toString(), document.toString(),
                    String.valueOf(seed), REPORTS.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MAX_POINTS", String.valueOf(config.maxPoints()));
            builder.environment().put("MAX_DAYS", String.valueOf(config.maxDays()));
            return new Run(seed, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertFindsNothing(Run run) throws IOException, InterruptedException {
        long seed = run.seed();
        Process process = run.process();
        boolean ended = process.waitFor(WITHIN.toMinutes(), TimeUnit.MINUTES);
        if (!ended) {
            run.stop();
        }
        String output = Files.readString(run.log());
        assertThat(ended).as("schemathesis ended within %s; so far:%n%s", WITHIN, output).isTrue();
        assertThat(process.exitValue()).as("schemathesis with seed %d found something:%n%s", seed, output).isZero();
        // Every phase ran, the stateful one (requests chained through the links schemathesis infers) included.
        assertThat(output).as("what schemathesis ran").contains("No issues found", "✅ Coverage", "✅ Fuzzing",
                "✅ Stateful");
        LOG.infof("schemathesis, seed %d: %s", seed, output.lines().filter(l -> l.contains("generated")
                || l.contains("No issues found")).map(String::strip).reduce((a, b) -> a + "; " + b).orElse("?"));
    }

    /** One schemathesis process, its output going to {@code log}. */
    private record Run(long seed, Path log, Process process) {

        void stop() {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
