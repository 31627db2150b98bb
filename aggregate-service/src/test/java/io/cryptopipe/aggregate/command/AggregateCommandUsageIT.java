package io.cryptopipe.aggregate.command;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/**
 * The usage checks against the packaged job (the jar here, the native executable where GraalVM builds one): the
 * same command line, exit codes and one-line errors as in the JVM test.
 */
@QuarkusMainIntegrationTest
class AggregateCommandUsageIT extends AggregateCommandUsageTest {
}
