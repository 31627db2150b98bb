package io.cryptopipe.aggregate.config;

import io.cryptopipe.aggregate.OneLineErrors;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** The command line Quarkus runs, with errors reported as one line (see {@link OneLineErrors}). */
@ApplicationScoped
public class CommandLineConfiguration {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        OneLineErrors errors = new OneLineErrors();
        return factory.create()
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }
}
