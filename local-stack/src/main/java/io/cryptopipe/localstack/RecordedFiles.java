package io.cryptopipe.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded CoinGecko data on the classpath ({@code coingecko/}, described in its {@code PROVENANCE.md}). */
final class RecordedFiles {

    private RecordedFiles() {
    }

    static InputStream open(String resource) {
        InputStream in = RecordedFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("recorded data missing from the classpath: " + resource);
        }
        return in;
    }

    static String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
