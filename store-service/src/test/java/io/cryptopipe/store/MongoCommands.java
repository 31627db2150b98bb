package io.cryptopipe.store;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commands a MongoDB client sends, by name. In a {@code @QuarkusTest} it is the service's client's (the
 * MongoDB extension registers every {@code CommandListener} as a bean and adds it); plain tests add it themselves.
 */
@Singleton
public class MongoCommands implements CommandListener {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        counts.computeIfAbsent(event.getCommandName(), name -> new AtomicLong()).incrementAndGet();
    }

    public long count(String command) {
        AtomicLong count = counts.get(command);
        return count == null ? 0 : count.get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public void reset() {
        counts.clear();
    }

    /** How many index commands (listing, building, changing, dropping) were sent so far. */
    public long indexWork() {
        return count("listIndexes") + count("createIndexes") + count("collMod") + count("dropIndexes");
    }
}
