package io.cryptopipe.store.deployment;

import io.cryptopipe.testsupport.GeneratedManifest;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/** k8s/store-service.yml is what quarkus-kubernetes generates from this build's properties (an IT: it runs after packaging). */
class GeneratedManifestInSyncIT {

    @Test
    void theCommittedManifestEqualsTheGeneratedOneAndSaysHowToRefreshIt() throws IOException {
        GeneratedManifest.assertCommittedCopyInSync("store-service");
    }
}
