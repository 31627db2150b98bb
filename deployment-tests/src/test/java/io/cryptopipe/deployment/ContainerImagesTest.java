package io.cryptopipe.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles, checked without a Docker engine: each service has a JVM and a native one, they run as a
 * non-root user, copy what the Quarkus build produces, and are tagged as the manifests and the DAG expect.
 */
class ContainerImagesTest {

    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$");
    private static final Pattern TAG = Pattern.compile("docker build -f (\\S+) -t (\\S+) (\\S+)");

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service", "aggregate-service"})
    void bothImagesRunAsANumericNonRootUserAndAreTaggedWithTheNameTheDeploymentUses(String service) {
        for (String kind : List.of("jvm", "native")) {
            String file = service + "/src/main/docker/Dockerfile." + kind;
            String dockerfile = RepositoryFiles.read(file);

            List<String> users = USER.matcher(dockerfile).results().map(m -> m.group(1)).toList();
            assertThat(users).as("USER lines of %s", file).isNotEmpty();
            String finalUser = users.get(users.size() - 1);
            // Numeric, so that Kubernetes can verify runAsNonRoot without looking into /etc/passwd.
            assertThat(finalUser).as("final USER of %s", file).matches("[1-9][0-9]*");
            Matcher build = TAG.matcher(dockerfile);
            assertThat(build.find()).as("build command in %s", file).isTrue();
            assertThat(build.group(1)).isEqualTo(file);
            assertThat(build.group(2)).isEqualTo("cryptopipe/" + service + ":" + RepositoryFiles.VERSION);
            assertThat(build.group(3)).as("build context").isEqualTo(service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service", "aggregate-service"})
    void theJvmImageCopiesTheFastJarLayoutAndTheNativeImageTheRunner(String service) {
        String jvm = RepositoryFiles.read(service + "/src/main/docker/Dockerfile.jvm");
        String nativeImage = RepositoryFiles.read(service + "/src/main/docker/Dockerfile.native");

        assertThat(jvm).contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
                "COPY --chown=185 target/quarkus-app/*.jar /deployments/",
                "COPY --chown=185 target/quarkus-app/app/ /deployments/app/",
                "COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/",
                "JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
        assertThat(nativeImage).contains("target/*-runner /work/application", "-Dquarkus.native.container-build=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "store-service"})
    void theLongRunningServicesExposeTheirHttpPort(String service) {
        String port = RepositoryFiles.properties(service).get("quarkus.http.port");
        for (String kind : List.of("jvm", "native")) {
            assertThat(RepositoryFiles.read(service + "/src/main/docker/Dockerfile." + kind))
                    .contains("EXPOSE " + port);
        }
    }

    @Test
    void theBuildHasANativeProfileSwitchedOnByDashDnativeAndTheDeployingPageShowsTheContainerBuild() {
        String pom = RepositoryFiles.read("pom.xml");
        assertThat(pom).containsPattern("(?s)<id>native</id>\\s*<activation>\\s*<property>\\s*<name>native</name>")
                .contains("<quarkus.native.enabled>true</quarkus.native.enabled>");
        assertThat(RepositoryFiles.read("docs/deploying.md"))
                .contains("./mvnw package -Dnative -Dquarkus.native.container-build=true");
    }
}
