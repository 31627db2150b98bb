package io.cryptopipe.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The chunks a backfill has published completely, one line each ({@code coin first..last}) in a file, so that an
 * interrupted backfill run again with the same arguments spends no call on what is done. A line is appended only
 * after the broker acknowledged every record of its chunk.
 */
public final class BackfillProgress {

    private final Path file;
    private final Set<String> done = new HashSet<>();

    public BackfillProgress(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                done.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read backfill progress " + file, e);
            }
        }
    }

    public boolean isDone(String coin, BackfillRequest.Chunk chunk) {
        return done.contains(key(coin, chunk));
    }

    public void markDone(String coin, BackfillRequest.Chunk chunk) {
        String key = key(coin, chunk);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record backfill progress in " + file, e);
        }
        done.add(key);
    }

    private static String key(String coin, BackfillRequest.Chunk chunk) {
        return coin + " " + chunk;
    }
}
