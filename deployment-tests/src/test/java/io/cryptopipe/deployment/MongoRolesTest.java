package io.cryptopipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s/mongodb/roles.js}, the least-privilege role of each service, against the collections each service names
 * in its code and configuration: every one is covered by that service's role, and the role names no other. The
 * script is not run here (no mongosh, no MongoDB with access control on this machine).
 */
class MongoRolesTest {

    private static final String SCRIPT = "k8s/mongodb/roles.js";
    private static final Map<String, String> ROLE_OF = Map.of(
            "ingest-service", "cryptoPipelineIngest",
            "store-service", "cryptoPipelineStore",
            "aggregate-service", "cryptoPipelineAggregate");
    // String constants named *COLLECTION*, e.g. PollerLeaseProducer.BUDGET_COLLECTION = "ingest_call_budget".
    private static final Pattern CONSTANT = Pattern.compile("String\\s+\\w*COLLECTION\\w*\\s*=\\s*\"([^\"]+)\"");
    // The collections the services share, read through the shared configuration, e.g. names.collections().raw();
    // their names are the defaults market-contract's CollectionNames states, e.g. RAW = "market_data_raw".
    private static final Pattern SHARED = Pattern.compile("collections(?:\\(\\))?\\.(raw|daily|quality)\\(\\)");
    private static final Pattern SHARED_DEFAULT = Pattern.compile("String\\s+(RAW|DAILY|QUALITY)\\s*=\\s*\"([^\"]+)\"");
    private static final String SHARED_NAMES = "market-contract/src/main/java/io/cryptopipe/contract/CollectionNames.java";
    // Configuration defaults of a collection setting, e.g. @WithDefault("ingest_leases") String collection();
    private static final Pattern CONFIG_DEFAULT =
            Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s+String\\s+\\w*(?:c|C)ollection\\(\\)");
    private static final Set<String> DATA_ACTIONS = Set.of("find", "insert", "update", "createCollection",
            "createIndex", "listIndexes", "collMod");

    @Test
    void eachServicesRoleCoversExactlyTheCollectionsItUses() {
        Map<String, List<Grant>> roles = roles();

        assertThat(roles.keySet()).containsExactlyInAnyOrderElementsOf(ROLE_OF.values());
        ROLE_OF.forEach((service, role) -> {
            Set<String> used = collectionsNamedBy(service);
            assertThat(used).as("collections %s names", service).isNotEmpty();
            assertThat(roles.get(role).stream().map(Grant::collection).toList())
                    .as("collections of role %s (for %s)", role, service)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(used);
        });
    }

    @Test
    void grantsOnlyTheActionsTheServicesNeed() {
        Map<String, List<Grant>> roles = roles();

        roles.forEach((role, grants) -> grants.forEach(grant -> assertThat(grant.actions())
                .as("%s on %s", role, grant.collection())
                .isSubsetOf(DATA_ACTIONS)
                .doesNotContain("remove", "dropIndex", "dropCollection")));
        // What store-service does at start-up: list the raw indexes, build missing ones, change a TTL in place.
        // The store only inserts observations (a stored one answers a duplicate-key error): no update.
        assertThat(grant(roles, "cryptoPipelineStore", "market_data_raw").actions())
                .contains("find", "insert", "listIndexes", "createIndex", "collMod").doesNotContain("update");
        // $merge (whenMatched replace, whenNotMatched insert) needs insert and update on its target.
        assertThat(grant(roles, "cryptoPipelineAggregate", "market_data_daily").actions())
                .contains("find", "insert", "update", "createIndex");
        assertThat(grant(roles, "cryptoPipelineAggregate", "market_data_raw").actions()).containsExactly("find");
        assertThat(RepositoryFiles.read(SCRIPT)).contains("createRole(", "updateRole(", "MONGODB_DATABASE");
    }

    private static Grant grant(Map<String, List<Grant>> roles, String role, String collection) {
        return roles.get(role).stream().filter(g -> g.collection().equals(collection)).findFirst()
                .orElseThrow(() -> new AssertionError(role + " has no grant on " + collection));
    }

    /** The collection names a service's main code and configuration mention as collections. */
    private static Set<String> collectionsNamedBy(String service) {
        Map<String, String> shared = new TreeMap<>();
        Matcher defaults = SHARED_DEFAULT.matcher(RepositoryFiles.read(SHARED_NAMES));
        while (defaults.find()) {
            shared.put(defaults.group(1).toLowerCase(), defaults.group(2));
        }
        assertThat(shared).as("defaults in %s", SHARED_NAMES).containsOnlyKeys("raw", "daily", "quality");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(RepositoryFiles.path(service + "/src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                for (Pattern pattern : List.of(CONSTANT, CONFIG_DEFAULT)) {
                    Matcher matcher = pattern.matcher(text);
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                }
                Matcher reads = SHARED.matcher(text);
                while (reads.find()) {
                    names.add(shared.get(reads.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RepositoryFiles.properties(service).forEach((key, value) -> {
            if (!key.startsWith("%") && key.endsWith("collection")) {
                names.add(value);
            }
        });
        return names;
    }

    private static Map<String, List<Grant>> roles() {
        String script = RepositoryFiles.read(SCRIPT);
        int begin = script.indexOf("// roles:begin");
        int end = script.indexOf("// roles:end");
        assertThat(begin).as("%s marks its roles with // roles:begin ... // roles:end", SCRIPT).isPositive();
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(script.substring(begin + "// roles:begin".length(), end));
        } catch (IOException e) {
            throw new AssertionError(SCRIPT + ": the roles block is not strict JSON: " + e.getMessage(), e);
        }
        Map<String, List<Grant>> roles = new TreeMap<>();
        json.fields().forEachRemaining(role -> {
            List<Grant> grants = new ArrayList<>();
            role.getValue().forEach(grant -> {
                List<String> actions = new ArrayList<>();
                grant.get("actions").forEach(action -> actions.add(action.asText()));
                grants.add(new Grant(grant.get("collection").asText(), actions));
            });
            roles.put(role.getKey(), grants);
        });
        return roles;
    }

    private record Grant(String collection, List<String> actions) {
    }
}
