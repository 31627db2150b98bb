package io.cryptopipe.aggregate.archive;

import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.contract.RawField;
import io.cryptopipe.contract.RawFields;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.util.ArrayList;
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

    /** {@code _id} first, the archive's own column, then the field table's fields in its (the documents') order. */
    public static final List<Column> COLUMNS = columns();

    private static final Set<String> NAMES = new LinkedHashSet<>(COLUMNS.stream().map(Column::name).toList());

    public static final MessageType MESSAGE_TYPE = messageType();

    private RawArchiveSchema() {
    }

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>(List.of(new Column("_id", Kind.OBJECT_ID, false)));
        for (RawField field : RawField.ALL) {
            columns.add(new Column(field.fieldName(), kind(field.type()), field.identity()));
        }
        return List.copyOf(columns);
    }

    private static Kind kind(RawField.Type type) {
        return switch (type) {
            case STRING -> Kind.STRING;
            case INSTANT -> Kind.TIMESTAMP;
            case INT32 -> Kind.INT32;
            case DOUBLE -> Kind.DOUBLE;
        };
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
