package io.cryptopipe.aggregate.archive;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Parquet's ZSTD page codec on aircompressor's pure-Java Zstandard (the one Trino writes Parquet with), in place of
 * parquet-java's default factory, which goes through Hadoop's codec classes and the zstd-jni native library.
 * Reads uncompressed pages too; any other codec is refused with its name.
 */
final class ZstdCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        if (codecName != CompressionCodecName.ZSTD) {
            throw new ArchiveFormatException("the archive writes ZSTD pages, not " + codecName);
        }
        return new BytesInputCompressor() {
            private final ZstdCompressor compressor = new ZstdCompressor();

            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                byte[] input = bytes.toByteArray();
                byte[] output = new byte[compressor.maxCompressedLength(input.length)];
                int length = compressor.compress(input, 0, input.length, output, 0, output.length);
                return BytesInput.from(output, 0, length);
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.ZSTD;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        if (codecName == CompressionCodecName.UNCOMPRESSED) {
            return new Decompressor(false);
        }
        if (codecName != CompressionCodecName.ZSTD) {
            throw new ArchiveFormatException("archived pages compressed with " + codecName
                    + "; this reader knows ZSTD and UNCOMPRESSED");
        }
        return new Decompressor(true);
    }

    @Override
    public void release() {
    }

    private static final class Decompressor implements BytesInputDecompressor {

        private final ZstdDecompressor decompressor = new ZstdDecompressor();
        private final boolean compressed;

        Decompressor(boolean compressed) {
            this.compressed = compressed;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            byte[] input = bytes.toByteArray();
            if (!compressed) {
                return BytesInput.from(input);
            }
            byte[] output = new byte[decompressedSize];
            int length = decompressor.decompress(input, 0, input.length, output, 0, decompressedSize);
            if (length != decompressedSize) {
                throw new IOException("a ZSTD page gave " + length + " bytes, its header says " + decompressedSize);
            }
            return BytesInput.from(output);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] page = new byte[compressedSize];
            input.get(page);
            output.put(decompress(BytesInput.from(page), decompressedSize).toByteBuffer());
        }

        @Override
        public void release() {
        }
    }
}
