package io.cryptopipe.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the example Alertmanager configuration, checked by Prometheus' and Alertmanager's own tools
 * (Debian's prometheus and prometheus-alertmanager packages: bin/install-test-deps), and the Prometheus Operator
 * copy of the rules against its one source.
 */
class AlertRulesTest {

    static final String RULES = "monitoring/prometheus/alerts.yml";
    static final String RULE_TESTS = "monitoring/prometheus/alerts.test.yml";
    static final String PROMETHEUS_RULE = "k8s/optional/prometheusrule.yaml";
    static final String ALERTMANAGER = "monitoring/alertmanager/alertmanager.yml";

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Result check = run("promtool", "check", "rules", RULES);
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + rules().size() + " rules found");
    }

    @Test
    void theRulesUnitTestsPass() throws Exception {
        Result test = run("promtool", "test", "rules", RULE_TESTS);
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot() {
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Map<String, Object> test : list(yaml(RULE_TESTS).get("tests"))) {
            for (Map<String, Object> expectation : list(test.get("alert_rule_test"))) {
                String alert = (String) expectation.get("alertname");
                (list(expectation.get("exp_alerts")).isEmpty() ? quiet : firing).add(alert);
            }
        }
        Set<String> alerts = new TreeSet<>(rules().stream().map(rule -> (String) rule.get("alert")).toList());
        assertThat(firing).as("alerts with a firing case").isEqualTo(alerts);
        assertThat(quiet).as("alerts with a non-firing case").isEqualTo(alerts);
    }

    @Test
    void everyAlertSaysHowBadItIsWhatHappenedAndWhatToDo() {
        for (Map<String, Object> rule : rules()) {
            String alert = (String) rule.get("alert");
            Map<String, Object> labels = map(rule.get("labels"));
            assertThat(labels.get("severity")).as("%s severity", alert).isIn("critical", "warning");
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat((String) annotations.get("summary")).as("%s summary", alert).isNotBlank().doesNotContain("\n");
            // The description carries the threshold's reason and the operator's next step: no one-liner.
            assertThat((String) annotations.get("description")).as("%s description", alert).hasSizeGreaterThan(150);
        }
    }

    @Test
    void thePrometheusOperatorRuleIsTheGeneratedCopyOfTheRuleFile(@TempDir Path dir) throws Exception {
        Path generated = dir.resolve("prometheusrule.yaml");
        Result refresh = run("bin/refresh-alert-rules", generated.toString());
        assertThat(refresh.exitCode()).as(refresh.output()).isZero();
        assertThat(RepositoryFiles.read(PROMETHEUS_RULE)).as("%s is stale: run bin/refresh-alert-rules",
                PROMETHEUS_RULE).isEqualTo(Files.readString(generated));

        Map<String, Object> resource = yaml(PROMETHEUS_RULE);
        assertThat(resource.get("kind")).isEqualTo("PrometheusRule");
        assertThat(map(resource.get("metadata")).get("namespace")).isEqualTo("crypto-pipeline");
        assertThat(map(resource.get("spec")).get("groups")).isEqualTo(yaml(RULES).get("groups"));
    }

    @Test
    void amtoolAcceptsTheAlertmanagerExampleWhichPagesOnCriticalAndPostsWarnings() throws Exception {
        Result check = run("amtool", "check-config", ALERTMANAGER);
        assertThat(check.exitCode()).as(check.output()).isZero();

        assertThat(routeOf("severity=critical")).isEqualTo("on-call-pager");
        assertThat(routeOf("severity=warning")).isEqualTo("team-channel");
        // Every severity the rules use has a route of its own, not only the default one.
        for (Map<String, Object> rule : rules()) {
            assertThat(routeOf("severity=" + map(rule.get("labels")).get("severity"), "alertname=" + rule.get("alert")))
                    .as("route of %s", rule.get("alert")).isIn("on-call-pager", "team-channel");
        }
    }

    private static String routeOf(String... labels) throws Exception {
        List<String> command = new ArrayList<>(List.of("amtool", "config", "routes", "test",
                "--config.file=" + ALERTMANAGER));
        command.addAll(List.of(labels));
        Result route = run(command.toArray(String[]::new));
        assertThat(route.exitCode()).as(route.output()).isZero();
        // amtool warns on stderr that --config.file overrides --alertmanager.url; the receiver is the last line.
        List<String> lines = route.output().lines().filter(line -> !line.startsWith("Warning:")).toList();
        return lines.get(lines.size() - 1).strip();
    }

    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : list(yaml(RULES).get("groups"))) {
            rules.addAll(list(group.get("rules")));
        }
        assertThat(rules).isNotEmpty();
        return rules;
    }

    static Map<String, Object> yaml(String relative) {
        return new Yaml().load(RepositoryFiles.read(relative));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(RepositoryFiles.ROOT.toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed: run bin/install-test-deps (Debian's "
                    + "prometheus and prometheus-alertmanager packages)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
