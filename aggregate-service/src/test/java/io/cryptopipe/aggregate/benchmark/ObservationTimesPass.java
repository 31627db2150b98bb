package io.cryptopipe.aggregate.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cryptopipe.aggregate.repository.DailyStatisticsRepository;
import io.cryptopipe.aggregate.service.GapCoverageCalculator;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job's other pass over a day, alone: its observation-time cursor feeding the gap and coverage calculator, from
 * a process that does nothing else. With {@link BaselinePipeline} it shows what each of the job's two passes costs.
 * <p>
 * {@code java -cp … ObservationTimesPass <mongodb-uri> <database> <YYYY-MM-DD>}
 */
public final class ObservationTimesPass {

    private ObservationTimesPass() {
    }

    public static void main(String[] args) {
        LocalDate day = LocalDate.parse(args[2]);
        AtomicInteger coins = new AtomicInteger();
        try (MongoClient client = MongoClients.create(args[0])) {
            DailyStatisticsRepository.streamObservationTimes(
                    client.getDatabase(args[1]).getCollection("market_data_raw"), day, Duration.ofMinutes(10),
                    new GapCoverageCalculator(day, Duration.ofSeconds(30), coverage -> coins.incrementAndGet()));
        }
        if (coins.get() == 0) {
            throw new IllegalStateException("no observation on " + day);
        }
    }
}
