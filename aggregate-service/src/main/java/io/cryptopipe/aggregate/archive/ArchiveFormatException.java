package io.cryptopipe.aggregate.archive;

/** A raw document, an archived file or a manifest that does not have the shape the archive's schema describes. */
public class ArchiveFormatException extends RuntimeException {

    public ArchiveFormatException(String message) {
        super(message);
    }
}
