package io.cryptopipe.aggregate.archive;

import io.cryptopipe.aggregate.archive.RawArchiveSchema.Column;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Writes raw documents, in the order given, as one ZSTD-compressed Parquet file of {@link RawArchiveSchema}. Memory
 * is one row group ({@code aggregate.archive.row-group-size}), whatever the number of documents.
 */
final class RawDayParquetWriter implements AutoCloseable {

    /** Footer key of the schema version; readers refuse a file without it. */
    static final String SCHEMA_VERSION_KEY = "cryptopipe.archive.schema_version";

    private final ParquetWriter<Document> writer;

    RawDayParquetWriter(Path file, long rowGroupBytes, Map<String, String> footer) throws IOException {
        // A plain configuration and a codec factory of our own keep every Hadoop class out of the write path.
        Map<String, String> keyValues = new java.util.TreeMap<>(footer);
        keyValues.put(SCHEMA_VERSION_KEY, String.valueOf(RawArchiveSchema.VERSION));
        writer = new Builder(new LocalOutputFile(file), keyValues)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecs())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(rowGroupBytes)
                .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /** @throws ArchiveFormatException when the document does not fit the schema */
    void write(Document document) throws IOException {
        RawArchiveSchema.checkFields(document);
        writer.write(document);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Document, Builder> {

        private final Map<String, String> footer;

        Builder(OutputFile file, Map<String, String> footer) {
            super(file);
            this.footer = footer;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Document> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new DocumentWriteSupport(footer);
        }

        @Override
        protected WriteSupport<Document> getWriteSupport(ParquetConfiguration conf) {
            return new DocumentWriteSupport(footer);
        }
    }

    private static final class DocumentWriteSupport extends WriteSupport<Document> {

        private static final List<Column> COLUMNS = RawArchiveSchema.COLUMNS;

        private final Map<String, String> footer;
        private RecordConsumer consumer;

        DocumentWriteSupport(Map<String, String> footer) {
            this.footer = footer;
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return init((ParquetConfiguration) null);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(RawArchiveSchema.MESSAGE_TYPE, footer);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            consumer = recordConsumer;
        }

        @Override
        public void write(Document document) {
            consumer.startMessage();
            for (int index = 0; index < COLUMNS.size(); index++) {
                Column column = COLUMNS.get(index);
                Object value = RawArchiveSchema.value(document, column);
                if (value == null) {
                    continue; // a null is an absent optional value in Parquet
                }
                consumer.startField(column.name(), index);
                switch (column.kind()) {
                    case OBJECT_ID -> consumer.addBinary(Binary.fromString(((ObjectId) value).toHexString()));
                    case STRING -> consumer.addBinary(Binary.fromString((String) value));
                    case TIMESTAMP -> consumer.addLong(((Date) value).getTime());
                    case INT32 -> consumer.addInteger((Integer) value);
                    case DOUBLE -> consumer.addDouble((Double) value);
                }
                consumer.endField(column.name(), index);
            }
            consumer.endMessage();
        }
    }
}
