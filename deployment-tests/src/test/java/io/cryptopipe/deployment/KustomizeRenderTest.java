package io.cryptopipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code kubectl apply -k k8s/} sends to the API server, rendered by kubectl's own kustomize (client only,
 * no cluster needed): every object of the applied files, each in the pipeline's namespace.
 */
class KustomizeRenderTest {

    private static final Logger LOG = Logger.getLogger(KustomizeRenderTest.class.getName());

    @Test
    void kubectlRendersTheKustomizationIntoExactlyTheObjectsOfItsFiles() throws Exception {
        String rendered = kustomize();

        List<JsonNode> objects;
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(rendered)) {
            objects = documents.readAll().stream().filter(node -> node != null && !node.isEmpty()).toList();
        }
        Set<String> renderedIds = objects.stream()
                .map(o -> o.get("kind").asText() + "/" + o.at("/metadata/name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = Manifests.all().stream()
                .filter(m -> !m.file().equals(Manifests.SECRET_TEMPLATE) && !m.file().startsWith("optional/"))
                .map(m -> m.object().getKind() + "/" + m.object().getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(renderedIds).isEqualTo(expected);
        assertThat(renderedIds).doesNotContain("Secret/crypto-pipeline-secrets");
        assertThat(objects).filteredOn(o -> !o.get("kind").asText().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.at("/metadata/namespace").asText()).isEqualTo("crypto-pipeline"));
    }

    private static String kustomize() throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", RepositoryFiles.path("k8s").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            String reason = "kubectl is not installed: k8s/kustomization.yaml is only checked against the file list "
                    + "(KubernetesManifestsTest)";
            LOG.warning(reason);
            Assumptions.abort(reason);
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize k8s/: %s", output).isZero();
        return output;
    }
}
