package io.cryptopipe.aggregate.benchmark;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the benchmarks take from the machine: scratch folders they remove afterwards, and their section of the
 * report (free loopback ports: {@code LoopbackPorts}).
 */
final class BenchmarkHost {

    private static final Logger LOG = Logger.getLogger(BenchmarkHost.class);

    private BenchmarkHost() {
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf(e, "leaving %s behind", dir);
        }
    }

    /**
     * Replaces the section that starts with {@code heading} (a {@code ## } line) in the report, up to the next such
     * heading, or appends it when the report has none.
     */
    static void writeSection(Path report, String heading, String section) throws IOException {
        String existing = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n";
        int start = existing.indexOf(heading);
        String updated;
        if (start < 0) {
            updated = existing.stripTrailing() + "\n\n" + section;
        } else {
            int next = existing.indexOf("\n## ", start + heading.length());
            updated = existing.substring(0, start) + section + (next < 0 ? "" : "\n" + existing.substring(next + 1));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, updated);
    }
}
