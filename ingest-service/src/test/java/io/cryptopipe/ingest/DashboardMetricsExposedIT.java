package io.cryptopipe.ingest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same check on the packaged application. */
@QuarkusIntegrationTest
class DashboardMetricsExposedIT extends DashboardMetricsExposedTest {
}
