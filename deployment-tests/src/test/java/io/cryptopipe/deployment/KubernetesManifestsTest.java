package io.cryptopipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code kubectl apply -k k8s/} would create, read into the fabric8 Kubernetes model: the invariants a
 * reviewer would otherwise have to check by eye on every change of a property or a hand-written manifest.
 */
class KubernetesManifestsTest {

    private static final String NAMESPACE = "crypto-pipeline";
    private static final String SECRET = "crypto-pipeline-secrets";
    private static final String CONFIG_MAP = "crypto-pipeline-config";
    private static final List<String> SERVICES = List.of("ingest-service", "store-service");
    private static final List<String> CONFIG_MAP_READERS = List.of("ingest-service", "store-service",
            "aggregate-service");
    /** Environment variables whose value is a credential, or may carry one. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(URI|KEY|PASSWORD|TOKEN|SECRET|JAAS).*");
    /** A credential written into a connection string: scheme://user:password@host. */
    private static final Pattern INLINE_CREDENTIAL = Pattern.compile("[a-z+]+://[^/\\s:@]+:[^/\\s@]+@");

    @Test
    void everyManifestParsesIntoTheKubernetesModelAsItsTypedKind() {
        List<Manifests.Manifest> manifests = Manifests.all();

        assertThat(manifests).extracting(m -> m.object().getKind()).contains("Namespace", "ConfigMap", "Secret",
                "Deployment", "Service", "NetworkPolicy", "PodDisruptionBudget", "ServiceAccount", "Role",
                "RoleBinding", "ServiceMonitor");
        for (Manifests.Manifest manifest : manifests) {
            HasMetadata object = manifest.object();
            assertThat(object.getMetadata().getName()).as("name of a %s in %s", object.getKind(), manifest.file())
                    .isNotBlank();
            if (object instanceof GenericKubernetesResource) {
                // Only custom resources stay generic; a core kind landing here means a misspelt kind or apiVersion.
                assertThat(object.getApiVersion()).as("%s %s in %s", object.getKind(),
                        object.getMetadata().getName(), manifest.file()).startsWith("monitoring.coreos.com/");
            }
            if (!(object instanceof Namespace)) {
                assertThat(object.getMetadata().getNamespace()).as("namespace of %s %s in %s", object.getKind(),
                        object.getMetadata().getName(), manifest.file()).isEqualTo(NAMESPACE);
            }
        }
    }

    @Test
    void theKustomizationAppliesEveryManifestButTheSecretTemplateAndTheOptionalCustomResources() {
        JsonNode kustomization = Manifests.documents(Manifests.DIRECTORY.resolve(Manifests.KUSTOMIZATION)).get(0);
        List<String> resources = new ArrayList<>();
        kustomization.get("resources").forEach(node -> resources.add(node.asText()));

        List<String> expected = Manifests.files().stream()
                .filter(file -> !file.equals(Manifests.SECRET_TEMPLATE) && !file.startsWith("optional/"))
                .toList();
        assertThat(resources).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(kustomization.get("namespace").asText()).isEqualTo(NAMESPACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service"})
    void probesPointAtSmallRyeHealthOnTheServicesHttpPort(String service) {
        Container container = container(service);
        int httpPort = Integer.parseInt(RepositoryFiles.properties(service).get("quarkus.http.port"));

        assertThat(container.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(httpPort);
        });
        assertProbe(container.getStartupProbe(), "/q/health/started", httpPort);
        assertProbe(container.getLivenessProbe(), "/q/health/live", httpPort);
        assertProbe(container.getReadinessProbe(), "/q/health/ready", httpPort);
        // Slow first starts are the startup probe's to absorb, so that liveness can stay strict.
        Probe startup = container.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(60);

        Service kubernetesService = Manifests.named(Service.class, service);
        assertThat(kubernetesService.getSpec().getSelector())
                .containsAllEntriesOf(Map.of("app.kubernetes.io/name", service));
        assertThat(kubernetesService.getSpec().getPorts())
                .anySatisfy(port -> assertThat(port.getTargetPort().getIntVal()).isEqualTo(httpPort));
        assertThat(deployment(service).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(httpPort));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service"})
    void everyEnvironmentVariableTheServiceReadsIsProvidedAndEveryProvidedOneIsRead(String service) {
        Map<String, String> provided = providedEnvironment(service);

        assertThat(provided.keySet()).as("variables %s reads by ${NAME:default}", service)
                .containsAll(RepositoryFiles.environmentReferences(service));
        List<String> explicit = container(service).getEnv().stream().map(EnvVar::getName)
                .filter(name -> !name.equals("KUBERNETES_NAMESPACE")).toList();
        assertThat(explicit).as("variables set for %s alone", service)
                .allSatisfy(name -> assertThat(RepositoryFiles.isRead(service, name)).as(name).isTrue());
        Set<String> shared = configMap().getData().keySet();
        // The Airflow DAG gives the daily job's pods the same ConfigMap (envFrom): its keys count too.
        assertThat(shared).as("ConfigMap keys read by no service")
                .allSatisfy(name -> assertThat(CONFIG_MAP_READERS.stream().anyMatch(s -> RepositoryFiles.isRead(s, name)))
                        .as(name).isTrue());
    }

    @Test
    void theDailyJobsPodsGetThePushgatewayUrlFromTheConfigMapTheDagMounts() {
        assertThat(configMap().getData()).containsKey("AGGREGATE_PUSHGATEWAY_URL");
        assertThat(RepositoryFiles.isRead("aggregate-service", "AGGREGATE_PUSHGATEWAY_URL")).isTrue();
        assertThat(RepositoryFiles.read("airflow/dags/cryptopipe_airflow/settings.py"))
                .contains("config_map: str = \"" + CONFIG_MAP + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service"})
    void credentialsComeOnlyFromTheSecretAndItsKeysExist(String service) {
        Set<String> secretKeys = secretTemplate().getStringData().keySet();

        for (EnvVar env : container(service).getEnv()) {
            if (SECRET_NAME.matcher(env.getName()).matches()) {
                assertThat(env.getValue()).as("literal value of %s", env.getName()).isNull();
                assertThat(env.getValueFrom().getSecretKeyRef()).as("%s from a Secret", env.getName()).isNotNull();
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SECRET);
                assertThat(secretKeys).as("keys of the Secret template").contains(
                        env.getValueFrom().getSecretKeyRef().getKey());
            } else if (env.getValue() != null) {
                assertThat(env.getValue()).as(env.getName()).doesNotContainPattern(INLINE_CREDENTIAL);
            }
        }
        assertThat(configMap().getData()).allSatisfy((name, value) -> {
            assertThat(name).as("a ConfigMap key that names a credential").doesNotMatch(SECRET_NAME);
            assertThat(value).as(name).doesNotContainPattern(INLINE_CREDENTIAL);
        });
    }

    @Test
    void theOnlySecretIsATemplateWithoutValuesThatTheAirflowDagAndTheServicesAgreeOn() {
        List<Secret> secrets = Manifests.ofKind(Secret.class);

        assertThat(secrets).hasSize(1);
        Secret template = secrets.get(0);
        assertThat(template.getMetadata().getName()).isEqualTo(SECRET);
        assertThat(template.getData()).as("base64 data").isNullOrEmpty();
        assertThat(template.getStringData()).allSatisfy((key, value) -> assertThat(value).as(key).isEmpty());
        String dagSettings = RepositoryFiles.read("airflow/dags/cryptopipe_airflow/settings.py");
        assertThat(pythonDefault(dagSettings, "mongodb_secret")).isEqualTo(SECRET);
        assertThat(template.getStringData()).containsKey(pythonDefault(dagSettings, "mongodb_secret_key"));
        assertThat(pythonDefault(dagSettings, "namespace")).isEqualTo(NAMESPACE);
    }

    @Test
    void theNamespaceEnforcesTheRestrictedPodSecurityStandard() {
        Map<String, String> labels = Manifests.named(Namespace.class, NAMESPACE).getMetadata().getLabels();

        assertThat(labels).containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted");
    }

    /**
     * The namespace enforces "restricted": a pod of ours without one of these settings would be refused. Every pod
     * the manifests make, every container of it (the DAG's pods: airflow/tests/test_pod_request.py).
     */
    @Test
    void everyContainerOfEveryPodRunsAsNonRootOnAReadOnlyRootWithNoCapabilitiesAndAWritableTmp() {
        Map<String, PodSpec> pods = podSpecs();

        assertThat(pods.keySet()).as("pods in k8s/").containsAll(SERVICES.stream().map(s -> "Deployment " + s).toList());
        pods.forEach((owner, pod) -> {
            var podContext = pod.getSecurityContext();
            assertThat(podContext).as("pod security context of %s", owner).isNotNull();
            assertThat(pod.getAutomountServiceAccountToken()).as("API token mounted in %s", owner).isFalse();
            assertThat(pod.getHostNetwork()).as("host network of %s", owner).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).as("host PID of %s", owner).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostIPC()).as("host IPC of %s", owner).isNotEqualTo(Boolean.TRUE);
            List<Container> containers = new ArrayList<>(pod.getInitContainers());
            containers.addAll(pod.getContainers());
            assertThat(pod.getEphemeralContainers()).as("ephemeral containers of %s", owner).isEmpty();
            assertThat(containers).as("containers of %s", owner).isNotEmpty();
            for (Container container : containers) {
                String name = owner + " container " + container.getName();
                var context = container.getSecurityContext();
                assertThat(context).as("security context of %s", name).isNotNull();
                // Each setting on the container, or where Kubernetes allows it inherited from the pod.
                assertThat(context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : podContext.getRunAsNonRoot())
                        .as("runAsNonRoot of %s", name).isTrue();
                var seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile()
                        : podContext.getSeccompProfile();
                assertThat(seccomp).as("seccomp profile of %s", name).isNotNull();
                assertThat(seccomp.getType()).as("seccomp profile of %s", name).isEqualTo("RuntimeDefault");
                assertThat(context.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", name).isFalse();
                assertThat(context.getPrivileged()).as("privileged %s", name).isNotEqualTo(Boolean.TRUE);
                assertThat(context.getCapabilities()).as("capabilities of %s", name).isNotNull();
                assertThat(context.getCapabilities().getDrop()).as("dropped capabilities of %s", name)
                        .containsExactly("ALL");
                assertThat(context.getCapabilities().getAdd()).as("added capabilities of %s", name).isNullOrEmpty();
                assertThat(context.getReadOnlyRootFilesystem()).as("read-only root of %s", name).isTrue();
                // The JVM, Vert.x and the Kafka client's compression libraries write to /tmp.
                var tmp = container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                        .findFirst().orElseThrow(() -> new AssertionError("no /tmp mount in " + name));
                assertThat(tmp.getReadOnly()).as("/tmp of %s read-only", name).isNotEqualTo(Boolean.TRUE);
                assertThat(pod.getVolumes()).as("volumes of %s", owner).anySatisfy(volume -> {
                    assertThat(volume.getName()).isEqualTo(tmp.getName());
                    assertThat(volume.getEmptyDir()).isNotNull();
                });
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service"})
    void resourcesAreRequestedAndLimitedAndTheImageIsTheServicesOwn(String service) {
        Container container = container(service);
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();

        assertThat(requests).containsKeys("cpu", "memory");
        assertThat(limits).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(requests.get("memory")))
                .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("memory")));
        assertThat(Quantity.getAmountInBytes(requests.get("cpu")))
                .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("cpu")));
        assertThat(container.getImage()).isEqualTo("docker.io/cryptopipe/" + service + ":" + RepositoryFiles.VERSION);
    }

    @Test
    void ingestRunsTwoReplicasBehindOnePollerLeaseAndGetsTheTimeToFinishAPoll() {
        Deployment ingest = deployment("ingest-service");
        Map<String, String> properties = RepositoryFiles.properties("ingest-service");

        // A second replica is only safe because the replicas share one poller lease (in MongoDB).
        assertThat(ingest.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container("ingest-service").getEnv())
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("INGEST_LEASE_ENABLED");
                    assertThat(env.getValue()).isEqualTo("true");
                })
                .anySatisfy(env -> assertThat(env.getName()).isEqualTo("MONGODB_URI"));
        // A poll in flight at the worst: CoinGecko's answer within its deadline (one page at the default top 50), then
        // the broker's acknowledgements within the publish deadline. 50 s is the sum the manifest's comment and the
        // deploying page (docs/deploying.md) state.
        long pollSeconds = seconds(setting(properties, "ingest.coingecko.request-timeout", "requestTimeout"))
                + seconds(setting(properties, "ingest.poll.publish-timeout", "publishTimeout"));
        assertThat(pollSeconds).isEqualTo(50);
        assertThat(ingest.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(pollSeconds);
    }

    @Test
    void storeScalesNoFurtherThanThePartitionsOfMarketRawAndGetsTheTimeToFinishABatch() {
        Deployment store = deployment("store-service");
        int partitions = Integer.parseInt(RepositoryFiles.properties("ingest-service").get("ingest.topics.raw-partitions"));

        assertThat(store.getSpec().getReplicas()).isBetween(1, partitions);
        Map<String, String> properties = RepositoryFiles.properties("store-service");
        // One bulk write attempt ends within the read timeout (or the server selection when no server answers);
        // then the offsets are committed.
        long writeSeconds = seconds(properties.get("quarkus.mongodb.read-timeout"))
                + seconds(properties.get("quarkus.mongodb.server-selection-timeout"));
        assertThat(store.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(writeSeconds);
    }

    @Test
    void disruptionBudgetsAndNetworkPoliciesSelectThePodsTheyAreMeantFor() {
        for (String service : SERVICES) {
            Map<String, String> podLabels = deployment(service).getSpec().getTemplate().getMetadata().getLabels();
            PodDisruptionBudget budget = Manifests.named(PodDisruptionBudget.class, service);
            assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        }
        NetworkPolicy denyAll = Manifests.named(NetworkPolicy.class, "default-deny-ingress");
        assertThat(denyAll.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(denyAll.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(denyAll.getSpec().getIngress()).isNullOrEmpty();
        NetworkPolicy scrape = Manifests.named(NetworkPolicy.class, "allow-metrics-scrape");
        assertThat(scrape.getSpec().getPodSelector().getMatchExpressions().get(0).getValues())
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(scrape.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts()).singleElement()
                        .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080)));
    }

    @Test
    void airflowMayLaunchAndWatchPodsInTheNamespaceAndNothingElse() {
        Role role = Manifests.named(Role.class, "airflow-pod-launcher");
        Set<String> resources = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            resources.addAll(rule.getResources());
        }
        assertThat(resources).containsExactlyInAnyOrder("pods", "pods/log", "events");
        assertThat(role.getRules()).filteredOn(rule -> rule.getResources().contains("pods")).singleElement()
                .satisfies(rule -> assertThat(rule.getVerbs()).contains("create", "get", "watch", "delete"));
        RoleBinding binding = Manifests.named(RoleBinding.class, "airflow-pod-launcher");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).isNotEmpty();
    }

    @Test
    void noManifestDefinesADeploymentForTheAggregateJobWhichAirflowLaunches() {
        assertThat(Manifests.ofKind(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        String dagSettings = RepositoryFiles.read("airflow/dags/cryptopipe_airflow/settings.py");
        assertThat(pythonDefault(dagSettings, "image"))
                .isEqualTo("cryptopipe/aggregate-service:" + RepositoryFiles.VERSION);
    }

    private static Map<String, String> providedEnvironment(String service) {
        Container container = container(service);
        Map<String, String> provided = container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, env -> env.getValueFrom() != null ? "(from ref)"
                        : String.valueOf(env.getValue())));
        container.getEnvFrom().forEach(source -> {
            assertThat(source.getConfigMapRef()).as("envFrom of %s", service).isNotNull();
            assertThat(source.getConfigMapRef().getName()).isEqualTo(CONFIG_MAP);
            provided.putAll(configMap().getData());
        });
        return provided;
    }

    private static void assertProbe(Probe probe, String path, int port) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).isEqualTo(path);
        assertThat(get.getPort().getIntVal() != null ? get.getPort().getIntVal().toString() : get.getPort().getStrVal())
                .isIn(String.valueOf(port), "http");
    }

    /** An ingest setting as committed: its line in the properties, else the default on IngestConfig's method. */
    private static String setting(Map<String, String> properties, String key, String configMethod) {
        if (properties.containsKey(key)) {
            return properties.get(key);
        }
        String config = RepositoryFiles.read("ingest-service/src/main/java/io/cryptopipe/ingest/config/IngestConfig.java");
        Matcher matcher = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s+\\w+ " + configMethod + "\\(\\)")
                .matcher(config);
        assertThat(matcher.find()).as("%s in ingest-service's properties or IngestConfig.%s()", key, configMethod)
                .isTrue();
        return matcher.group(1);
    }

    /** Whole seconds of a configured duration: 20s, 5m, 500ms, or a bare number of seconds. */
    private static long seconds(String duration) {
        Matcher matcher = Pattern.compile("(?i)(\\d+)\\s*(ms|s|m|h)?").matcher(duration.trim());
        assertThat(matcher.matches()).as("duration %s", duration).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(java.util.Locale.ROOT);
        return switch (unit) {
            case "ms" -> amount / 1000;
            case "m" -> amount * 60;
            case "h" -> amount * 3600;
            default -> amount;
        };
    }

    /** The pod of every object in k8s/ that makes pods, by "Kind name". */
    private static Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> pods = new TreeMap<>();
        for (Manifests.Manifest manifest : Manifests.all()) {
            HasMetadata object = manifest.object();
            PodSpec pod = null;
            if (object instanceof Pod p) {
                pod = p.getSpec();
            } else if (object instanceof Deployment d) {
                pod = d.getSpec().getTemplate().getSpec();
            } else if (object instanceof StatefulSet st) {
                pod = st.getSpec().getTemplate().getSpec();
            } else if (object instanceof DaemonSet ds) {
                pod = ds.getSpec().getTemplate().getSpec();
            } else if (object instanceof ReplicaSet rs) {
                pod = rs.getSpec().getTemplate().getSpec();
            } else if (object instanceof Job j) {
                pod = j.getSpec().getTemplate().getSpec();
            } else if (object instanceof CronJob c) {
                pod = c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
            }
            if (pod != null) {
                pods.put(object.getKind() + " " + object.getMetadata().getName(), pod);
            }
        }
        return pods;
    }

    private static Deployment deployment(String service) {
        return Manifests.named(Deployment.class, service);
    }

    private static Container container(String service) {
        return deployment(service).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + service));
    }

    private static ConfigMap configMap() {
        return Manifests.named(ConfigMap.class, CONFIG_MAP);
    }

    private static Secret secretTemplate() {
        return Manifests.named(Secret.class, SECRET);
    }

    /** The default of a dataclass field in the DAG's settings: {@code name: str = "value"}. */
    private static String pythonDefault(String source, String field) {
        Matcher matcher = Pattern.compile("(?m)^\\s+" + field + ": str = \"([^\"]*)\"").matcher(source);
        assertThat(matcher.find()).as("default of %s in the DAG settings", field).isTrue();
        return matcher.group(1);
    }
}
