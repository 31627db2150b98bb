package io.cryptopipe.ingest.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A hole to repair: the open interval between the last successful poll before it ({@code from}) and the first after
 * it ({@code until}), the coins that matter (fixed when the job is opened) and those already published completely.
 *
 * @param id the hole's start, which makes opening the same hole twice (two replicas, a retry) one job
 */
public record RepairJob(String id, Instant from, Instant until, Instant openedAt, List<RepairCoin> coins,
        Set<String> done) {

    public static RepairJob open(Instant from, Instant until, Instant openedAt, List<RepairCoin> coins) {
        return new RepairJob(from.toString(), from, until, openedAt, List.copyOf(coins), Set.of());
    }

    /** The coins whose points are not all acknowledged by the broker yet, in the job's order. */
    public List<RepairCoin> remaining() {
        return coins.stream().filter(coin -> !done.contains(coin.id())).toList();
    }

    @Override
    public String toString() {
        return "hole " + from + ".." + until;
    }
}
