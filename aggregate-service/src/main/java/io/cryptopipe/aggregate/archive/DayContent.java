package io.cryptopipe.aggregate.archive;

import io.cryptopipe.aggregate.archive.RawArchiveSchema.Column;
import io.cryptopipe.contract.RawFields;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a day's documents are, summed up while they stream past: rows, rows per coin, first and last observation
 * time, and a SHA-256 over every column of every row in order (nulls and values alike). The same documents read in
 * the same order give the same checksum, whatever file they end up in: that is how a re-archived day is recognised
 * as unchanged. Holds one counter per coin, never the documents.
 */
final class DayContent {

    private final MessageDigest digest = Sha256.newDigest();
    private final DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), digest), 1 << 16));
    private final Map<String, Long> coins = new TreeMap<>();
    private long rows;
    private Instant minTimestamp;
    private Instant maxTimestamp;
    private String checksum;

    /** @throws ArchiveFormatException when the document does not fit the archive's schema */
    void add(Document document) {
        RawArchiveSchema.checkFields(document);
        try {
            for (Column column : RawArchiveSchema.COLUMNS) {
                Object value = RawArchiveSchema.value(document, column);
                if (value == null) {
                    out.writeByte(0);
                    continue;
                }
                out.writeByte(1);
                switch (column.kind()) {
                    case OBJECT_ID -> out.write(((ObjectId) value).toByteArray());
                    case STRING -> {
                        byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                        out.writeInt(utf8.length);
                        out.write(utf8);
                    }
                    case TIMESTAMP -> out.writeLong(((Date) value).getTime());
                    case INT32 -> out.writeInt((Integer) value);
                    case DOUBLE -> out.writeLong(Double.doubleToRawLongBits((Double) value));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a digest stream does not fail", e);
        }
        rows++;
        coins.merge(document.getString(RawFields.COIN_ID), 1L, Long::sum);
        Instant timestamp = document.getDate(RawFields.TIMESTAMP).toInstant();
        if (minTimestamp == null || timestamp.isBefore(minTimestamp)) {
            minTimestamp = timestamp;
        }
        if (maxTimestamp == null || timestamp.isAfter(maxTimestamp)) {
            maxTimestamp = timestamp;
        }
    }

    long rows() {
        return rows;
    }

    Map<String, Long> coins() {
        return coins;
    }

    Instant minTimestamp() {
        return minTimestamp;
    }

    Instant maxTimestamp() {
        return maxTimestamp;
    }

    /** The content checksum, hex; ends the summing. */
    String checksum() {
        if (checksum == null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            checksum = HexFormat.of().formatHex(digest.digest());
        }
        return checksum;
    }
}
