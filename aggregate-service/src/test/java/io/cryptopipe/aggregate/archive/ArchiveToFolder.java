package io.cryptopipe.aggregate.archive;

import io.cryptopipe.aggregate.SharedLocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The shared local stack, with the archive in a temporary folder of its own (the embedded default's kind). */
public class ArchiveToFolder extends SharedLocalStack {

    static final Path FOLDER = folder();

    private static Path folder() {
        try {
            return Files.createTempDirectory("aggregate-archive");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("aggregate.archive.target", FOLDER.toUri().toString());
        // Small row groups, so the recorded day spans several and the reader crosses row-group boundaries.
        config.put("aggregate.archive.row-group-size", "256K");
        // The restore round trip aggregates a recorded day of some 300 coins: one pipeline, one scan.
        config.put(COINS_PER_PIPELINE, ONE_RANGE);
        return config;
    }
}
