package io.cryptopipe.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chunks a backfill has published completely, one line each ({@code coin first..last}) in a file, so that an
 * interrupted backfill run again with the same arguments spends no call on what is done. A line is appended only
 * after the broker acknowledged every record of its chunk.
 * <p>
 * A {@code --top N} run also records the coins it resolved, before backfilling any
 * ({@code top N first..last = id,id,...}): the ranking moves between runs, and a resumed run must finish the coins
 * the first run chose rather than start on others.
 */
public final class BackfillProgress {

    private static final String TOP = "top ";
    private static final String COINS = " = ";

    private final Path file;
    private final Set<String> done = new HashSet<>();
    private final Map<String, List<String>> resolved = new HashMap<>();

    public BackfillProgress(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int separator = line.indexOf(COINS);
                    if (line.startsWith(TOP) && separator > 0) {
                        resolved.put(line.substring(0, separator), List.copyOf(Arrays.asList(
                                line.substring(separator + COINS.length()).split(","))));
                    } else {
                        done.add(line);
                    }
                }
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
        append(key);
        done.add(key);
    }

    /** The coins an earlier {@code --top} run of the same request resolved, if one did. */
    public Optional<List<String>> resolvedCoins(BackfillRequest request) {
        return Optional.ofNullable(resolved.get(selection(request)));
    }

    /** Records the coins a {@code --top} run resolved, so that resuming it backfills the same ones. */
    public void recordResolvedCoins(BackfillRequest request, List<String> coins) {
        append(selection(request) + COINS + String.join(",", coins));
        resolved.put(selection(request), List.copyOf(coins));
    }

    private void append(String line) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record backfill progress in " + file, e);
        }
    }

    private static String selection(BackfillRequest request) {
        return TOP + request.top() + " " + request.from() + ".." + request.to();
    }

    private static String key(String coin, BackfillRequest.Chunk chunk) {
        return coin + " " + chunk;
    }
}
