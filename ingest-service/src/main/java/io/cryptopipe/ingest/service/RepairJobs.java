package io.cryptopipe.ingest.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where holes are remembered: the last successful poll (so that a restart or another replica sees the hole that
 * its absence made) and the repair jobs with their progress. In MongoDB when replicas share a poller; in memory for
 * a single replica, which then forgets both on restart.
 */
public interface RepairJobs {

    /** A successful poll: when, and the coins a repair of a hole after it would fetch. */
    record LastPoll(Instant at, List<RepairCoin> coins) {
    }

    /**
     * Records a successful poll as the last one, unless a later one is recorded already.
     *
     * @return the poll it follows; empty for the first poll ever, or when a later one is recorded
     */
    Optional<LastPoll> polled(LastPoll poll);

    /** Opens the job; a job of the same hole already there is kept as it is. */
    void open(RepairJob job);

    /** The jobs not finished, oldest hole first. */
    List<RepairJob> unfinished();

    /** Every point of the coin in the job is acknowledged by the broker. */
    void coinDone(RepairJob job, String coinId);

    void finish(RepairJob job, String outcome, Instant at);

    static RepairJobs inMemory() {
        return new RepairJobs() {
            private LastPoll last;
            private final Map<String, RepairJob> jobs = new LinkedHashMap<>();

            @Override
            public synchronized Optional<LastPoll> polled(LastPoll poll) {
                LastPoll before = last;
                if (before != null && !before.at().isBefore(poll.at())) {
                    return Optional.empty();
                }
                last = poll;
                return Optional.ofNullable(before);
            }

            @Override
            public synchronized void open(RepairJob job) {
                jobs.putIfAbsent(job.id(), job);
            }

            @Override
            public synchronized List<RepairJob> unfinished() {
                List<RepairJob> open = new ArrayList<>(jobs.values());
                open.sort(Comparator.comparing(RepairJob::from));
                return open;
            }

            @Override
            public synchronized void coinDone(RepairJob job, String coinId) {
                RepairJob current = jobs.get(job.id());
                if (current != null) {
                    Set<String> done = new HashSet<>(current.done());
                    done.add(coinId);
                    jobs.put(job.id(), new RepairJob(current.id(), current.from(), current.until(),
                            current.openedAt(), current.coins(), Set.copyOf(done)));
                }
            }

            @Override
            public synchronized void finish(RepairJob job, String outcome, Instant at) {
                jobs.remove(job.id());
            }
        };
    }
}
