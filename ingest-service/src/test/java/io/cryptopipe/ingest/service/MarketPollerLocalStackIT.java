package io.cryptopipe.ingest.service;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same polls, topics, metrics and readiness, checked on the packaged application (jar, or native binary). */
@QuarkusIntegrationTest
class MarketPollerLocalStackIT extends MarketPollerLocalStackTest {
}
