package io.cryptopipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, checked without a Docker engine: the compose client validates and interpolates it, and its
 * services are wired the way the services read their configuration.
 */
class ComposeFileTest {

    private static final Logger LOG = Logger.getLogger(ComposeFileTest.class.getName());
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|PASSWORD|TOKEN|SECRET).*");

    @Test
    void theComposeClientAcceptsTheFileOnceTheRequiredSecretIsSet() throws Exception {
        List<String> compose = composeCommand().orElse(null);
        if (compose == null) {
            String reason = "neither `docker compose` nor `docker-compose` is installed: docker-compose.yml is only "
                    + "checked structurally (the other tests of this class)";
            LOG.warning(reason);
            Assumptions.abort(reason);
        }

        Result valid = run(compose, Map.of("GRAFANA_ADMIN_PASSWORD", "only-for-this-check"), "config", "-q");
        assertThat(valid.exitCode()).as("%s config: %s", compose, valid.output()).isZero();
        // No demo password falls back silently: without the variable, the file does not even interpolate.
        Result withoutPassword = run(compose, Map.of(), "config", "-q");
        assertThat(withoutPassword.exitCode()).isNotZero();
        assertThat(withoutPassword.output()).contains("GRAFANA_ADMIN_PASSWORD");
    }

    @Test
    void kafkaIsASingleKRaftNodeAndMongoDbIsVersion7() {
        JsonNode kafka = service("kafka");
        assertThat(kafka.get("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(kafka.at("/environment/KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
        assertThat(services().has("zookeeper")).isFalse();
        assertThat(service("mongodb").get("image").asText()).isEqualTo("mongo:7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service", "aggregate-service"})
    void eachServiceRunsItsOwnImageWithEveryVariableItReadsAndNoLiteralSecret(String name) {
        JsonNode service = service(name);
        assertThat(service.get("image").asText()).isEqualTo("cryptopipe/" + name + ":" + RepositoryFiles.VERSION);
        assertThat(service.at("/build/dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(service.get("read_only").asBoolean()).isTrue();

        List<String> variables = new ArrayList<>();
        service.get("environment").fieldNames().forEachRemaining(variables::add);
        if (!name.equals("aggregate-service")) {
            // aggregate-service's properties live on its own branch; its variables are the DAG's (MONGODB_URI).
            assertThat(variables).containsAll(RepositoryFiles.environmentReferences(name));
            assertThat(variables).allSatisfy(v -> assertThat(RepositoryFiles.isRead(name, v)).as(v).isTrue());
        }
        service.get("environment").fields().forEachRemaining(variable -> {
            if (SECRET_NAME.matcher(variable.getKey()).matches()) {
                assertThat(variable.getValue().asText()).as(variable.getKey()).startsWith("${");
            }
        });
    }

    @Test
    void theDailyJobIsAOneShotProfileServiceAndUsesTheImageTheDagLaunches() {
        JsonNode aggregate = service("aggregate-service");
        assertThat(aggregate.get("profiles")).isNotEmpty();
        assertThat(aggregate.get("restart").asText()).isEqualTo("no");
        assertThat(aggregate.has("ports")).isFalse();
        assertThat(RepositoryFiles.read("airflow/dags/cryptopipe_airflow/settings.py"))
                .contains("image: str = \"" + aggregate.get("image").asText() + "\"");
    }

    @Test
    void prometheusScrapesBothServicesAndGrafanaProvisionsTheDashboard() {
        String prometheus = RepositoryFiles.read("monitoring/prometheus/prometheus.yml");
        assertThat(prometheus).contains("ingest-service:8080", "store-service:8080", "metrics_path: /q/metrics");
        assertThat(service("prometheus").get("volumes").toString())
                .contains("./monitoring/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml",
                        "./monitoring/prometheus/alerts.yml:/etc/prometheus/alerts.yml");
        assertThat(prometheus).contains("rule_files:", "- alerts.yml");

        String volumes = service("grafana").get("volumes").toString();
        assertThat(volumes).contains("./monitoring/grafana/provisioning:/etc/grafana/provisioning",
                "./monitoring/grafana/dashboards:/var/lib/grafana/dashboards");
        assertThat(RepositoryFiles.read("monitoring/grafana/provisioning/dashboards/crypto-pipeline.yml"))
                .contains("path: /var/lib/grafana/dashboards");
        assertThat(RepositoryFiles.read("monitoring/grafana/provisioning/datasources/prometheus.yml"))
                .contains("url: http://prometheus:9090");
        assertThat(services().has("airflow")).isTrue();
    }

    @Test
    void theDailyJobPushesItsRunsToThePushgatewayPrometheusScrapes() {
        assertThat(service("pushgateway").get("image").asText()).startsWith("prom/pushgateway:");
        assertThat(service("pushgateway").get("ports").toString()).contains("9091:9091");
        for (String runner : List.of("aggregate-service", "airflow")) {
            assertThat(service(runner).at("/environment/AGGREGATE_PUSHGATEWAY_URL").asText()).as(runner)
                    .isEqualTo("http://pushgateway:9091");
        }
        assertThat(RepositoryFiles.isRead("aggregate-service", "AGGREGATE_PUSHGATEWAY_URL")).isTrue();
        String prometheus = RepositoryFiles.read("monitoring/prometheus/prometheus.yml");
        assertThat(prometheus).contains("pushgateway:9091", "honor_labels: true");
    }

    /** Read with SnakeYAML itself, which, unlike Jackson's YAML parser, resolves the merge keys ({@code <<}). */
    private static JsonNode services() {
        Map<String, Object> file = new Yaml().load(RepositoryFiles.read("docker-compose.yml"));
        return new ObjectMapper().valueToTree(file).get("services");
    }

    private static JsonNode service(String name) {
        JsonNode service = services().get(name);
        assertThat(service).as("service %s in docker-compose.yml", name).isNotNull();
        return service;
    }

    private static Optional<List<String>> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            try {
                List<String> version = new ArrayList<>(candidate);
                version.add("version");
                if (run(version, Map.of()).exitCode() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Result run(List<String> compose, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of(arguments));
        return run(command, environment);
    }

    private static Result run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(RepositoryFiles.ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("GRAFANA_ADMIN_PASSWORD");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
