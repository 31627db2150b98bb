package io.cryptopipe.ingest;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every formatted log line of the running service, for as long as it is open. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean any(String... parts) {
        return lines.stream().anyMatch(line -> java.util.Arrays.stream(parts).allMatch(line::contains));
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        lines.add(message);
        if (record.getThrown() != null) {
            // A stack trace is logged too (at debug); its messages must be as clean as the line.
            for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                lines.add(String.valueOf(t));
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
