package io.cryptopipe.aggregate.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An object store under the archive's root, addressed by slash-separated keys. Every write is all or nothing: a
 * reader sees the previous object, or the new one complete, never part of one.
 */
public interface ArchiveStore extends AutoCloseable {

    /** The object's bytes (small objects: manifests), or empty when there is none. */
    Optional<byte[]> read(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Stores {@code file} under {@code key}, replacing what was there only once the whole file is stored. */
    void put(String key, Path file) throws IOException;

    /** Stores {@code content} under {@code key}, as {@link #put(String, Path)} does. */
    void put(String key, byte[] content) throws IOException;

    /** Copies the object at {@code from} to {@code to}, all or nothing. */
    void copy(String from, String to) throws IOException;

    /** Copies the object's bytes into {@code file}. */
    void download(String key, Path file) throws IOException;

    /** Where the key is, for messages ({@code s3://bucket/prefix/key}, {@code file:/…}). */
    String describe(String key);

    @Override
    void close();
}
