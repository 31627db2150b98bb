package io.cryptopipe.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's committed files, as the build of this module sees them. */
final class RepositoryFiles {

    static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("project.version", "1.0.0-SNAPSHOT");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private RepositoryFiles() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration every service reads from the shared contract jar, below its own application.properties. */
    static final String SHARED_PROPERTIES = "service-runtime/src/main/resources/META-INF/microprofile-config.properties";

    /**
     * A service's configuration as committed: the shared properties overlaid by its application.properties, with
     * profile-prefixed keys kept as written.
     */
    static Map<String, String> properties(String service) {
        Properties properties = new Properties();
        for (String file : new String[] {SHARED_PROPERTIES, service + "/src/main/resources/application.properties"}) {
            try (var in = Files.newBufferedReader(path(file))) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> byKey.put(key, properties.getProperty(key)));
        return byKey;
    }

    /** The environment variables a service reads by name: every {@code ${NAME:default}} in its properties. */
    static Set<String> environmentReferences(String service) {
        Set<String> names = new LinkedHashSet<>();
        for (String value : properties(service).values()) {
            Matcher matcher = ENV_REFERENCE.matcher(value);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * Whether setting this environment variable changes the service's configuration: it is referenced by name, or
     * it is the environment form (MicroProfile Config: upper case, non-alphanumerics as {@code _}) of one of its
     * property keys.
     */
    static boolean isRead(String service, String variable) {
        if (environmentReferences(service).contains(variable)) {
            return true;
        }
        return properties(service).keySet().stream()
                .filter(key -> !key.startsWith("%"))
                .map(key -> key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase())
                .anyMatch(variable::equals);
    }
}
