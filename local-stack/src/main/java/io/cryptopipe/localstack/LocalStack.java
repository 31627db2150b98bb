package io.cryptopipe.localstack;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * Starts Kafka, the MongoDB wire-protocol server and the CoinGecko stand-in on loopback, with their data under one
 * folder that survives restarts, and stops them all on Ctrl-C.
 *
 * <pre>
 * java -cp 'local-stack/target/local-stack-*.jar:local-stack/target/lib/*' io.cryptopipe.localstack.LocalStack \
 *     [--data-dir ./data] [--kafka-port 9092] [--mongo-port 27017] [--coingecko-port 8089] \
 *     [--speed 60] [--refresh-seconds 30] [--coins 15000] [--rate-limit 500]
 * </pre>
 * {@code --help} lists the options; a refused command line exits with code 2, its error and the usage.
 */
public final class LocalStack {

    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments();
        int exit = arguments.parse(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (exit != Arguments.RUN) {
            System.exit(exit);
            return;
        }
        Path data = arguments.dataDir.toAbsolutePath();
        KafkaBroker kafka = new KafkaBroker(data.resolve("kafka"), arguments.kafkaPort, arguments.kafkaPort + 1);
        MongoWireServer mongo = new MongoWireServer(data.resolve("mongo"), arguments.mongoPort);
        CoinGeckoStandIn coingecko = new CoinGeckoStandIn(arguments.coingeckoPort, arguments.speed,
                Duration.ofSeconds(arguments.refreshSeconds), Clock.systemUTC(), arguments.coins,
                arguments.rateLimit);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Reverse order of start: nothing is left half-written when a process ends.
            coingecko.close();
            mongo.close();
            kafka.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        kafka.start();
        mongo.start();
        coingecko.start();
        // One machine-readable line the run script waits for.
        System.out.println("LOCAL-STACK READY"
                + " KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers()
                + " MONGODB_URI=" + mongo.connectionString()
                + " COINGECKO_BASE_URL=" + coingecko.baseUrl() + "/api/v3");
        LOG.info(() -> "replay speed x" + arguments.speed + ", refresh window " + arguments.refreshSeconds + " s");
        stopped.await();
    }

    /** The command line, parsed by picocli; defaults are the ones {@code bin/run-local} builds on. */
    @Command(name = "local-stack", sortOptions = false,
            description = "Starts a Kafka broker, a MongoDB wire-protocol server and a CoinGecko stand-in on loopback,"
                    + " with their data under one folder, and prints one LOCAL-STACK READY line with the settings for"
                    + " the services. Ctrl-C stops them all.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:Stopped, or --help.", "2:The command line was refused."})
    static final class Arguments {

        /** Not an exit code: the options are good and the stack is to start. */
        static final int RUN = -1;
        static final int OK = 0;
        static final int USAGE = 2;

        @Option(names = "--data-dir", paramLabel = "<dir>", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = Path.of("data");

        @Option(names = "--kafka-port", paramLabel = "<port>",
                description = "Kafka listener; the controller takes the next port (default: ${DEFAULT-VALUE}).")
        int kafkaPort = 9092;

        @Option(names = "--mongo-port", paramLabel = "<port>", description = "MongoDB (default: ${DEFAULT-VALUE}).")
        int mongoPort = 27017;

        @Option(names = "--coingecko-port", paramLabel = "<port>",
                description = "CoinGecko stand-in (default: ${DEFAULT-VALUE}).")
        int coingeckoPort = 8089;

        @Option(names = "--speed", paramLabel = "<factor>",
                description = "Replay speed of the recorded day (default: ${DEFAULT-VALUE}).")
        double speed = 1;

        @Option(names = "--refresh-seconds", paramLabel = "<s>",
                description = "How long the stand-in serves one snapshot, at least 1 (default: ${DEFAULT-VALUE}).")
        long refreshSeconds = 60;

        @Option(names = "--coins", paramLabel = "<n>",
                description = "Coins the stand-in lists, at least 1 (default: ${DEFAULT-VALUE}).")
        int coins = 250;

        @Option(names = "--rate-limit", paramLabel = "<calls>",
                description = "Stand-in's calls per minute, 0 for none (default: ${DEFAULT-VALUE}).")
        int rateLimit = 0;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
        boolean help;

        /**
         * Reads {@code args} into this object. Help goes to {@code out}; a refused command line to {@code err}, as
         * its error and the usage.
         *
         * @return {@link #RUN} when the stack is to start, else the exit code to end with
         */
        int parse(String[] args, PrintWriter out, PrintWriter err) {
            CommandLine commandLine = new CommandLine(this);
            try {
                commandLine.parseArgs(args);
                if (commandLine.isUsageHelpRequested()) {
                    commandLine.usage(out);
                    return OK;
                }
                check(commandLine);
                return RUN;
            } catch (ParameterException e) {
                err.println("local-stack: " + e.getMessage());
                commandLine.usage(err);
                return USAGE;
            }
        }

        private void check(CommandLine commandLine) {
            if (refreshSeconds < 1) {
                throw new ParameterException(commandLine, "--refresh-seconds must be at least 1");
            }
            if (coins < 1 || rateLimit < 0) {
                throw new ParameterException(commandLine, "--coins must be at least 1 and --rate-limit not negative");
            }
        }
    }
}
