package io.cryptopipe.aggregate.archive;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The archive in an S3 bucket (AWS, or an S3-compatible store by endpoint). A PUT or a server-side copy makes the
 * whole object visible at once or not at all, and a reader of a key sees the previous object until then. A day's
 * file goes up as one PUT (up to 5 GB: a day of 15,000 coins every 30 s is far below); SDK errors become
 * {@link IOException}s with the key in the message.
 */
final class S3Store implements ArchiveStore {

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    S3Store(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(client.getObjectAsBytes(request -> request.bucket(bucket).key(prefix + key))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            client.headObject(request -> request.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("look up", key, e);
        } catch (SdkException e) {
            throw failure("look up", key, e);
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        long size = Files.size(file);
        try {
            client.putObject(request -> request.bucket(bucket).key(prefix + key).contentLength(size),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        try {
            client.putObject(request -> request.bucket(bucket).key(prefix + key).contentType("application/json"),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void copy(String from, String to) throws IOException {
        try {
            client.copyObject(request -> request.sourceBucket(bucket).sourceKey(prefix + from)
                    .destinationBucket(bucket).destinationKey(prefix + to));
        } catch (SdkException e) {
            throw failure("copy " + describe(from) + " to", to, e);
        }
    }

    @Override
    public void download(String key, Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
            client.getObject(request -> request.bucket(bucket).key(prefix + key), ResponseTransformer.toFile(file));
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public String describe(String key) {
        return "s3://" + bucket + "/" + prefix + key;
    }

    @Override
    public void close() {
        client.close();
    }

    private IOException failure(String action, String key, SdkException e) {
        return new IOException("cannot " + action + " " + describe(key) + ": " + e.getMessage(), e);
    }
}
