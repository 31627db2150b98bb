package io.cryptopipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every Kubernetes object committed under k8s/, each parsed into the fabric8 model. */
final class Manifests {

    static final Path DIRECTORY = RepositoryFiles.path("k8s");
    static final String KUSTOMIZATION = "kustomization.yaml";
    static final String SECRET_TEMPLATE = "secret.template.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    /** One object with the file it comes from. */
    record Manifest(String file, HasMetadata object) {
    }

    private Manifests() {
    }

    /** Every manifest file under k8s/ (relative, with '/'), the kustomization itself excluded. */
    static List<String> files() {
        try (Stream<Path> paths = Files.walk(DIRECTORY)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> DIRECTORY.relativize(path).toString().replace('\\', '/'))
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .filter(name -> !name.equals(KUSTOMIZATION))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object of every manifest file. */
    static List<Manifest> all() {
        List<Manifest> manifests = new ArrayList<>();
        for (String file : files()) {
            for (JsonNode document : documents(DIRECTORY.resolve(file))) {
                manifests.add(new Manifest(file, parse(file, document)));
            }
        }
        return manifests;
    }

    static <T extends HasMetadata> List<T> ofKind(Class<T> type) {
        return all().stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(Class<T> type, String name) {
        return ofKind(type).stream()
                .filter(object -> name.equals(object.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in k8s/"));
    }

    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll().stream().filter(node -> node != null && !node.isNull()
                    && !node.isMissingNode() && !node.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static HasMetadata parse(String file, JsonNode document) {
        try {
            return KUBERNETES.unmarshal(document.toString(), HasMetadata.class);
        } catch (RuntimeException e) {
            throw new AssertionError("k8s/" + file + " does not parse into the Kubernetes model: " + e.getMessage(), e);
        }
    }
}
