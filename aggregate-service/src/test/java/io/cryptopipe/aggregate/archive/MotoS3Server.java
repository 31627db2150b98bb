package io.cryptopipe.aggregate.archive;

import io.cryptopipe.localstack.LoopbackPorts;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * moto's standalone S3 API server on a free loopback port, from the venv the build installs
 * ({@code src/test/s3-server/install-s3-server.sh}, path in the system property {@code s3-server.venv}). Started once
 * per test JVM, stopped when it exits. Fails, never skips, when the venv is not there.
 */
final class MotoS3Server {

    private static final Logger LOG = Logger.getLogger(MotoS3Server.class);

    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";
    static final String REGION = "eu-central-1";

    private static URI endpoint;
    private static Process process;

    private MotoS3Server() {
    }

    static synchronized URI endpoint() {
        if (endpoint == null) {
            start();
        }
        return endpoint;
    }

    /** A client of the server, for the tests' own checks (buckets, listings, downloads). */
    static S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private static void start() {
        String venv = System.getProperty("s3-server.venv");
        if (venv == null) {
            throw new IllegalStateException("system property s3-server.venv is not set (the Maven build sets it)");
        }
        Path server = Path.of(venv, "bin", "moto_server");
        if (!Files.isExecutable(server)) {
            throw new IllegalStateException(server + " is missing: run aggregate-service/src/test/s3-server/"
                    + "install-s3-server.sh " + venv + " (the Maven build does it before the tests)");
        }
        try {
            int port = LoopbackPorts.free();
            Path log = Files.createTempFile("moto-server", ".log");
            process = new ProcessBuilder(server.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(MotoS3Server::stop, "stop-moto-server"));
            URI uri = URI.create("http://127.0.0.1:" + port);
            awaitAnswer(uri, log);
            endpoint = uri;
            LOG.infof("moto S3 server on %s (log %s)", uri, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto_server", e);
        }
    }

    // Generous: a cold Python start on a busy 2-core machine takes several seconds; this only bounds a hang.
    private static void awaitAnswer(URI uri, Path log) throws IOException {
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": "
                            + Files.readString(log));
                }
                return answers(uri);
            });
        } catch (ConditionTimeoutException e) {
            throw new IOException("moto_server did not answer on " + uri + " within 90 s: " + Files.readString(log),
                    e);
        }
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode() > 0;
        } catch (IOException notYet) {
            return false; // not listening yet
        }
    }

    private static synchronized void stop() {
        if (process != null) {
            process.destroy();
            process = null;
        }
    }
}
