package io.cryptopipe.aggregate.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The archive in a local folder (or a mounted volume). Each object is written to a hidden temporary file beside
 * its final name, flushed to disk, then renamed over it in one atomic step, so a crash leaves the old object or the
 * new one, and at worst a {@code .tmp-} file that no query pattern matches.
 */
final class LocalFolderStore implements ArchiveStore {

    private final Path root;

    LocalFolderStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(path(key));
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = path(key);
        Path temporary = temporaryBeside(target);
        try {
            Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
            commit(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        Path target = path(key);
        Path temporary = temporaryBeside(target);
        try {
            Files.write(temporary, content);
            commit(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void copy(String from, String to) throws IOException {
        put(to, path(from));
    }

    @Override
    public void download(String key, Path file) throws IOException {
        Files.copy(path(key), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String describe(String key) {
        return path(key).toUri().toString();
    }

    @Override
    public void close() {
    }

    private Path path(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key " + key + " leaves the archive folder");
        }
        return path;
    }

    private static Path temporaryBeside(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    }

    private static void commit(Path temporary, Path target) throws IOException {
        // On disk before the rename makes it visible: a power cut must not leave a complete-looking empty file.
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
