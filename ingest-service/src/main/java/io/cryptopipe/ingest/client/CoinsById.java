package io.cryptopipe.ingest.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coins to ask for by id ({@link MarketsPage#MAX_PER_PAGE} a request) and what the answers said, over every attempt:
 * a coin that was answered is never asked for again, and once every coin was asked for (or refused by the budget),
 * none is asked for again.
 */
public final class CoinsById {

    private final List<String> coins;
    private final Set<String> asked = new HashSet<>();
    private final List<MarketsAnswer> answers = new ArrayList<>();
    private boolean done;
    private int requests;
    private int missedByBudget;
    private int absent;

    public CoinsById(Collection<String> coins) {
        this.coins = List.copyOf(new TreeSet<>(coins));
    }

    /** The coins not asked for yet, in id order; none once all were asked. */
    synchronized List<String> unasked() {
        return done ? List.of() : coins.stream().filter(id -> !asked.contains(id)).toList();
    }

    synchronized void requesting() {
        requests++;
    }

    synchronized void answered(List<String> chunk, MarketsAnswer answer) {
        answers.add(answer);
        asked.addAll(chunk);
        Set<String> answered = new HashSet<>();
        answer.records().forEach(r -> answered.add(r.coinIdOrNull()));
        absent += (int) chunk.stream().filter(id -> !answered.contains(id)).count();
    }

    synchronized void missedByBudget(int count) {
        missedByBudget += count;
    }

    synchronized void done() {
        done = true;
    }

    public synchronized List<MarketsAnswer> answers() {
        return List.copyOf(answers);
    }

    /** Requests tried, answered or refused by the budget. */
    public synchronized int requests() {
        return requests;
    }

    /** Coins not asked for because the budget refused the request. */
    public synchronized int missedByBudget() {
        return missedByBudget;
    }

    /** Coins asked for that CoinGecko no longer lists. */
    public synchronized int absent() {
        return absent;
    }

    /** Records the answers hold. */
    public synchronized int found() {
        return answers.stream().mapToInt(a -> a.records().size()).sum();
    }
}
