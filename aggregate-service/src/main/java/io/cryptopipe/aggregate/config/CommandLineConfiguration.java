package io.cryptopipe.aggregate.config;

import io.cryptopipe.aggregate.command.OneLineErrors;
import io.cryptopipe.aggregate.metrics.RunMetricsPush;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/**
 * The command line Quarkus runs, with errors reported as one line (see {@link OneLineErrors}) and each run's metrics
 * pushed to the Pushgateway when one is configured (see {@link RunMetricsPush}).
 */
@ApplicationScoped
public class CommandLineConfiguration {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory, RunMetricsPush runMetrics) {
        OneLineErrors errors = new OneLineErrors();
        return factory.create()
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .setExecutionStrategy(runMetrics);
    }
}
