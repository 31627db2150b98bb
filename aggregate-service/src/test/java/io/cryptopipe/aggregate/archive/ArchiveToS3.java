package io.cryptopipe.aggregate.archive;

import io.cryptopipe.aggregate.SharedLocalStack;

import java.util.HashMap;
import java.util.Map;

/** The shared local stack, with the archive in a bucket of the moto S3 server, reached as an S3-compatible store. */
public class ArchiveToS3 extends SharedLocalStack {

    static final String BUCKET = "crypto-archive";
    static final String PREFIX = "cold/raw";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("aggregate.archive.target", "s3://" + BUCKET + "/" + PREFIX);
        config.put("aggregate.archive.s3.endpoint", MotoS3Server.endpoint().toString());
        config.put("aggregate.archive.s3.region", MotoS3Server.REGION);
        config.put("aggregate.archive.s3.path-style", "true");
        config.put("aggregate.archive.s3.access-key-id", MotoS3Server.ACCESS_KEY);
        config.put("aggregate.archive.s3.secret-access-key", MotoS3Server.SECRET_KEY);
        return config;
    }
}
