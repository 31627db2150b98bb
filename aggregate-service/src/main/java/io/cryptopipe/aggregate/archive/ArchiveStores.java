package io.cryptopipe.aggregate.archive;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.nio.file.Path;

/** Opens the store {@code aggregate.archive.target} names: {@code file:} a local folder, {@code s3://} a bucket. */
@ApplicationScoped
public class ArchiveStores {

    private final ArchiveConfig config;

    public ArchiveStores(ArchiveConfig config) {
        this.config = config;
    }

    public ArchiveStore open() {
        URI target = config.target();
        String scheme = target.getScheme() == null ? "" : target.getScheme();
        return switch (scheme) {
            case "file" -> new LocalFolderStore(localPath(target));
            case "s3" -> s3(target);
            default -> throw new IllegalArgumentException("aggregate.archive.target must be a file: or s3:// URI, not "
                    + target);
        };
    }

    /** Where a {@code file:} target points; the folder's description in messages. */
    static Path localPath(URI target) {
        // file:/abs and file:///abs are absolute; file:archive is relative to the working directory.
        return target.isOpaque() ? Path.of(target.getSchemeSpecificPart()) : Path.of(target);
    }

    private S3Store s3(URI target) {
        String bucket = target.getHost();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("aggregate.archive.target " + target + " names no bucket (s3://bucket/prefix)");
        }
        String prefix = target.getPath() == null ? "" : target.getPath().replaceFirst("^/+", "");
        ArchiveConfig.S3 s3 = config.s3();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials(s3))
                .forcePathStyle(s3.pathStyle())
                // Checksums only where the API requires them: S3-compatible stores differ in the newer
                // flexible-checksum headers the SDK would otherwise add to every PUT.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        s3.endpoint().ifPresent(builder::endpointOverride);
        return new S3Store(builder.build(), bucket, prefix);
    }

    private static AwsCredentialsProvider credentials(ArchiveConfig.S3 s3) {
        if (s3.accessKeyId().isPresent() && s3.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKeyId().get(), s3.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
