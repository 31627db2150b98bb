package io.cryptopipe.testsupport;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.inject.Singleton;
import org.bson.BsonDocument;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The commands a service's MongoDB client sent, with the time limit each carried to the server: Quarkus adds every
 * {@link CommandListener} bean to the client. A CDI bean of every {@code @QuarkusTest} of a service that has this
 * module on its test classpath; it keeps the first {@value #KEPT} commands.
 */
@Singleton
public class RecordedMongoCommands implements CommandListener {

    static final int KEPT = 10_000;

    /** One command as sent: its name and its {@code maxTimeMS}, when it had one. */
    public record Command(String name, OptionalLong maxTimeMs) {
    }

    private final List<Command> commands = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (commands.size() < KEPT) {
            BsonDocument command = event.getCommand();
            commands.add(new Command(event.getCommandName(), command.containsKey("maxTimeMS")
                    ? OptionalLong.of(command.getNumber("maxTimeMS").longValue()) : OptionalLong.empty()));
        }
    }

    /** The commands named so, in the order they were sent. */
    public List<Command> named(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).toList();
    }
}
