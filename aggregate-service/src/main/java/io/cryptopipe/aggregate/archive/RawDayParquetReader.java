package io.cryptopipe.aggregate.archive;

import io.cryptopipe.aggregate.archive.RawArchiveSchema.Column;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an archived raw day back into documents with every field of the schema, nulls included, in the file's
 * order, one row group in memory at a time.
 */
final class RawDayParquetReader {

    private RawDayParquetReader() {
    }

    /** Hands each row to {@code action}; returns the number of rows. */
    static long read(Path file, Consumer<Document> action) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecs())
                .build();
        long rows = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            String version = reader.getFileMetaData().getKeyValueMetaData()
                    .get(RawDayParquetWriter.SCHEMA_VERSION_KEY);
            if (!String.valueOf(RawArchiveSchema.VERSION).equals(version)) {
                throw new ArchiveFormatException(file.getFileName() + " has archive schema " + version
                        + "; this job reads schema " + RawArchiveSchema.VERSION);
            }
            MessageType schema = reader.getFileMetaData().getSchema();
            if (!schema.equals(RawArchiveSchema.MESSAGE_TYPE)) {
                throw new ArchiveFormatException(file.getFileName() + " does not have the columns of archive schema "
                        + RawArchiveSchema.VERSION + ": " + schema);
            }
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                RecordReader<Document> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(rowGroup, new DocumentMaterializer());
                for (long row = 0; row < rowGroup.getRowCount(); row++) {
                    action.accept(records.read());
                    rows++;
                }
            }
        }
        return rows;
    }

    private static final class DocumentMaterializer extends RecordMaterializer<Document> {

        private final DocumentConverter root = new DocumentConverter();

        @Override
        public Document getCurrentRecord() {
            return root.current;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    private static final class DocumentConverter extends GroupConverter {

        private static final List<Column> COLUMNS = RawArchiveSchema.COLUMNS;

        private final Converter[] converters = new Converter[COLUMNS.size()];
        private Document current;

        DocumentConverter() {
            for (int index = 0; index < converters.length; index++) {
                converters[index] = new ColumnConverter(COLUMNS.get(index));
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            // Every field present, null until a value comes: the documents store nulls, they do not omit fields.
            current = new Document();
            for (Column column : COLUMNS) {
                current.put(column.name(), null);
            }
        }

        @Override
        public void end() {
        }

        private final class ColumnConverter extends PrimitiveConverter {

            private final Column column;

            ColumnConverter(Column column) {
                this.column = column;
            }

            @Override
            public void addBinary(Binary value) {
                String text = value.toStringUsingUTF8();
                current.put(column.name(), column.kind() == RawArchiveSchema.Kind.OBJECT_ID ? new ObjectId(text) : text);
            }

            @Override
            public void addLong(long value) {
                current.put(column.name(), new Date(value));
            }

            @Override
            public void addInt(int value) {
                current.put(column.name(), value);
            }

            @Override
            public void addDouble(double value) {
                current.put(column.name(), value);
            }
        }
    }
}
