package io.cryptopipe.aggregate.service;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.cryptopipe.contract.CollectionNames;
import jakarta.inject.Singleton;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The commands the job's MongoDB client sent that write or read the daily collection: inserts, updates, deletes and
 * pipelines that {@code $merge} or {@code $out} into it, and finds on it. Quarkus adds every {@link CommandListener}
 * bean to the client; this one keeps the first {@value #KEPT} such commands of the application it belongs to.
 */
@Singleton
public class DailyCollectionCommands implements CommandListener {

    static final int KEPT = 1_000;
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    private final List<BsonDocument> writes = new CopyOnWriteArrayList<>();
    private final List<BsonDocument> finds = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        String name = event.getCommandName();
        BsonValue target = command.get(name);
        boolean onDaily = target != null && target.isString()
                && target.asString().getValue().equals(CollectionNames.DAILY);
        if (writes.size() + finds.size() >= KEPT) {
            return;
        }
        if ((WRITES.contains(name) && onDaily) || (name.equals("aggregate") && writesDaily(command))) {
            writes.add(command.clone());
        } else if (name.equals("find") && onDaily) {
            finds.add(command.clone());
        }
    }

    private static boolean writesDaily(BsonDocument aggregate) {
        BsonArray pipeline = aggregate.getArray("pipeline", new BsonArray());
        if (pipeline.isEmpty()) {
            return false;
        }
        BsonDocument last = pipeline.get(pipeline.size() - 1).asDocument();
        BsonValue into = last.containsKey("$merge") ? last.getDocument("$merge").get("into") : last.get("$out");
        return into != null && (into.isString() ? into.asString().getValue()
                : into.asDocument().getString("coll").getValue()).equals(CollectionNames.DAILY);
    }

    /** Every command that wrote the daily collection, in the order sent. */
    public List<BsonDocument> writes() {
        return List.copyOf(writes);
    }

    /** Every find on the daily collection, in the order sent. */
    public List<BsonDocument> finds() {
        return List.copyOf(finds);
    }

    public void clear() {
        writes.clear();
        finds.clear();
    }
}
