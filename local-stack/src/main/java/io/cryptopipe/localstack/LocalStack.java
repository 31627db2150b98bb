package io.cryptopipe.localstack;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * Starts Kafka, the MongoDB wire-protocol server and the CoinGecko stand-in on loopback, with their data under one
 * folder that survives restarts, and stops them all on Ctrl-C.
 *
 * <pre>
 * java -cp 'local-stack/target/local-stack-*.jar:local-stack/target/lib/*' io.cryptopipe.localstack.LocalStack \
 *     [--data-dir ./data] [--kafka-port 9092] [--mongo-port 27017] [--coingecko-port 8089] \
 *     [--speed 60] [--refresh-seconds 30] [--coins 15000] [--rate-limit 500] \
 *     [--plan Analyst --monthly-credits 500000 [--credits-used 1000]] \
 *     [--markets-outage-after PT10M --markets-outage-for PT20M]
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
        arguments.applyTo(coingecko, Clock.systemUTC().instant());
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
                description = "Stand-in's calls per minute on every endpoint, 0 for none; with --plan, the plan's"
                        + " (default: ${DEFAULT-VALUE}).")
        int rateLimit = 0;

        @Option(names = "--plan", paramLabel = "<name>",
                description = "Paid plan the stand-in's /key reports to a Pro API key (e.g. Analyst; Enterprise also"
                        + " allows interval=5m); needs --rate-limit and --monthly-credits. Default: none chosen.")
        String plan;

        @Option(names = "--monthly-credits", paramLabel = "<calls>",
                description = "The plan's monthly call credits, with --plan.")
        long monthlyCredits;

        @Option(names = "--credits-used", paramLabel = "<calls>",
                description = "Calls already spent this month when the stand-in starts, with --plan (default:"
                        + " ${DEFAULT-VALUE}).")
        long creditsUsed;

        @Option(names = "--markets-outage-after", paramLabel = "<duration>",
                description = "The stand-in refuses /coins/markets (as CoinGecko's recorded 403 outage) from this"
                        + " long after it starts (ISO-8601, e.g. PT10M); needs --markets-outage-for.")
        Duration outageAfter;

        @Option(names = "--markets-outage-for", paramLabel = "<duration>",
                description = "How long the outage lasts (ISO-8601, e.g. PT20M); market_chart keeps answering.")
        Duration outageFor;

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
            if (plan != null && (plan.isBlank() || rateLimit < 1 || monthlyCredits < 1 || creditsUsed < 0)) {
                throw new ParameterException(commandLine, "--plan needs --rate-limit and --monthly-credits of at"
                        + " least 1, and --credits-used not negative");
            }
            if (plan == null && (monthlyCredits != 0 || creditsUsed != 0)) {
                throw new ParameterException(commandLine, "--monthly-credits and --credits-used need --plan");
            }
            if ((outageAfter == null) != (outageFor == null)) {
                throw new ParameterException(commandLine, "--markets-outage-after and --markets-outage-for go together");
            }
            if (outageAfter != null && (outageAfter.isNegative() || outageFor.isNegative() || outageFor.isZero())) {
                throw new ParameterException(commandLine, "--markets-outage-after must not be negative and"
                        + " --markets-outage-for must be positive");
            }
        }

        /** The chosen plan and outage, on a stand-in that starts at {@code started}. */
        void applyTo(CoinGeckoStandIn coingecko, Instant started) {
            if (plan != null) {
                coingecko.plan(new StandInPlan(plan, rateLimit, monthlyCredits, creditsUsed));
                LOG.info(() -> "CoinGecko stand-in plan " + coingecko.plan());
            }
            if (outageAfter != null) {
                Instant from = started.plus(outageAfter);
                coingecko.faults().refuseMarkets(from, from.plus(outageFor));
                LOG.info(() -> "CoinGecko stand-in refuses /coins/markets from " + from + " to " + from.plus(outageFor));
            }
        }
    }
}
