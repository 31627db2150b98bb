package io.cryptopipe.aggregate.archive;

import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.contract.RawFields;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of an archived raw day, one per field of a {@code market_data_raw} document, in the document's order.
 * Typed as the documents are: times as UTC instants (milliseconds, as BSON dates hold them), numbers as doubles,
 * the rank and schema version as 32-bit integers, {@code _id} as the ObjectId's 24 hex digits. Only the identity
 * ({@code coin_id}, {@code timestamp}) is required; every other column is nullable, as the documents' fields are.
 * <p>
 * A document with a field the schema does not know, or a value of another type, is refused rather than archived
 * without it: the archive must give back exactly what was stored.
 */
public final class RawArchiveSchema {

    /** Version of these columns, written into every file's footer and manifest. */
    public static final int VERSION = 1;

    public enum Kind { OBJECT_ID, STRING, TIMESTAMP, INT32, DOUBLE }

    public record Column(String name, Kind kind, boolean required) {
    }

    public static final List<Column> COLUMNS = List.of(
            new Column("_id", Kind.OBJECT_ID, false),
            new Column(RawFields.COIN_ID, Kind.STRING, true),
            new Column(RawFields.TIMESTAMP, Kind.TIMESTAMP, true),
            new Column(RawFields.FETCHED_AT, Kind.TIMESTAMP, false),
            new Column(RawFields.SOURCE, Kind.STRING, false),
            new Column(RawFields.SCHEMA_VERSION, Kind.INT32, false),
            new Column(RawFields.SYMBOL, Kind.STRING, false),
            new Column(RawFields.NAME, Kind.STRING, false),
            new Column(RawFields.CURRENT_PRICE, Kind.DOUBLE, false),
            new Column(RawFields.MARKET_CAP, Kind.DOUBLE, false),
            new Column(RawFields.MARKET_CAP_RANK, Kind.INT32, false),
            new Column(RawFields.TOTAL_VOLUME, Kind.DOUBLE, false),
            new Column(RawFields.HIGH_24H, Kind.DOUBLE, false),
            new Column(RawFields.LOW_24H, Kind.DOUBLE, false),
            new Column(RawFields.PRICE_CHANGE_24H, Kind.DOUBLE, false),
            new Column(RawFields.PRICE_CHANGE_PERCENTAGE_24H, Kind.DOUBLE, false),
            new Column(RawFields.CIRCULATING_SUPPLY, Kind.DOUBLE, false));

    private static final Set<String> NAMES = new LinkedHashSet<>(COLUMNS.stream().map(Column::name).toList());

    public static final MessageType MESSAGE_TYPE = messageType();

    private RawArchiveSchema() {
    }

    private static MessageType messageType() {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column column : COLUMNS) {
            Repetition repetition = column.required() ? Repetition.REQUIRED : Repetition.OPTIONAL;
            switch (column.kind()) {
                case OBJECT_ID, STRING -> message.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(column.name());
                case TIMESTAMP -> message.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(column.name());
                case INT32 -> message.primitive(PrimitiveTypeName.INT32, repetition).named(column.name());
                case DOUBLE -> message.primitive(PrimitiveTypeName.DOUBLE, repetition).named(column.name());
            }
        }
        // The schema keeps its name when a deployment renames the collection: archives stay comparable.
        return message.named(CollectionNames.RAW);
    }

    /**
     * The value of {@code column} in {@code document}, checked against the column's type; {@code null} for a null or
     * absent field.
     *
     * @throws ArchiveFormatException when the value has another type, or a required column has none
     */
    public static Object value(Document document, Column column) {
        Object value = document.get(column.name());
        if (value == null) {
            if (column.required()) {
                throw new ArchiveFormatException(describe(document) + ": " + column.name() + " is missing");
            }
            return null;
        }
        Class<?> expected = switch (column.kind()) {
            case OBJECT_ID -> ObjectId.class;
            case STRING -> String.class;
            case TIMESTAMP -> Date.class;
            case INT32 -> Integer.class;
            case DOUBLE -> Double.class;
        };
        if (!expected.isInstance(value)) {
            throw new ArchiveFormatException(describe(document) + ": " + column.name() + " is a "
                    + value.getClass().getSimpleName() + ", archive schema " + VERSION + " stores a "
                    + expected.getSimpleName());
        }
        return value;
    }

    /** @throws ArchiveFormatException when the document has a field no column holds */
    public static void checkFields(Document document) {
        for (String field : document.keySet()) {
            if (!NAMES.contains(field)) {
                throw new ArchiveFormatException(describe(document) + ": field " + field
                        + " has no column in archive schema " + VERSION);
            }
        }
    }

    private static String describe(Document document) {
        return "raw document " + document.get("_id") + " (" + document.get(RawFields.COIN_ID) + ", "
                + (document.get(RawFields.TIMESTAMP) instanceof Date date ? date.toInstant()
                        : document.get(RawFields.TIMESTAMP)) + ")";
    }
}
