package io.cryptopipe.aggregate.archive;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where and how {@code archive} writes the raw days, and {@code restore} reads them back. */
@ConfigMapping(prefix = "aggregate.archive")
public interface ArchiveConfig {

    /**
     * The archive's root: a local folder ({@code file:/var/archive}, {@code file:archive} relative to the working
     * directory) or an S3 bucket with an optional key prefix ({@code s3://bucket/prefix}). Default in
     * {@code application.properties}.
     */
    URI target();

    /**
     * Largest row group the Parquet writer buffers before it writes it out: the job's memory for a day, whatever the
     * day's size. Readers fetch a row group at a time too.
     */
    @WithDefault("16M")
    MemorySize rowGroupSize();

    /**
     * How long before a raw day starts to expire (the TTL of {@code market_data_raw}) {@code archive} fails when that
     * day has no archive covering what the database holds of it.
     */
    @WithDefault("30d")
    Duration expiryMargin();

    /** The S3 client, for {@code s3://} targets. */
    S3 s3();

    interface S3 {

        /** Endpoint of an S3-compatible store (MinIO, Ceph, a cloud's S3 API); AWS S3 itself when unset. */
        Optional<URI> endpoint();

        /** Region of the bucket (any value for most S3-compatible stores). Default in {@code application.properties}. */
        String region();

        /** Path-style requests ({@code endpoint/bucket/key}), which most S3-compatible stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /**
         * Static credentials; when unset the AWS SDK's default chain applies (environment {@code AWS_ACCESS_KEY_ID}
         * and {@code AWS_SECRET_ACCESS_KEY} from a Secret, web identity, instance profile).
         */
        Optional<String> accessKeyId();

        /** Goes with {@link #accessKeyId()}. */
        Optional<String> secretAccessKey();
    }
}
