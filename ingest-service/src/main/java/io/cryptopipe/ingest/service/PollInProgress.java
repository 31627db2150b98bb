package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.model.RawRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one poll has fetched so far. It outlives a failed attempt: the retry fetches only the pages still missing
 * (a page that succeeded is never fetched again) and publishes only what the broker has not acknowledged yet.
 * <p>
 * Paging by market cap is not a snapshot read: between two page requests CoinGecko can refresh its cache and ranks
 * can move, so a coin can show up on two pages or on none. A coin on two pages is the same observation twice (or
 * two observations of it) and is published once per observation by the caller; a coin of the previous poll that
 * is on no page is asked for by id ({@link #fetchMissingCoins}).
 */
final class PollInProgress {

    /** Where pages and coins come from: CoinGecko, charged to the budget (or a test's stand-in). */
    interface Source {

        List<RawRecord> page(MarketsPage page, int pageCount);

        /** Up to {@link MarketsPage#MAX_PER_PAGE} coins by id; coins CoinGecko no longer lists are absent. */
        List<RawRecord> byIds(List<String> ids);
    }

    /** The records of one answer and when they were fetched (their {@code fetched_at}). */
    record Answer(Instant fetchedAt, List<RawRecord> records) {
    }

    private final Instant polledAt;
    private final List<MarketsPage> pages;
    private final Set<String> expectedCoins;
    private final Map<Integer, Answer> fetchedPages = new ConcurrentHashMap<>();
    private final List<Answer> byIds = new ArrayList<>();
    private final Set<String> askedById = new LinkedHashSet<>();
    private final AtomicInteger calls = new AtomicInteger();
    private boolean missingDone;
    private int missedByBudget;
    private int absentById;
    private int attempts;
    private Duration fetchTime;
    private List<Outgoing> pending;

    /**
     * @param expectedCoins the coins found on the pages of the previous successful poll: each must be found again,
     *                      on a page or by id
     */
    PollInProgress(Instant polledAt, List<MarketsPage> pages, Set<String> expectedCoins) {
        this.polledAt = polledAt;
        this.pages = List.copyOf(pages);
        this.expectedCoins = Set.copyOf(expectedCoins);
    }

    Instant polledAt() {
        return polledAt;
    }

    /**
     * Fetches every page not fetched yet, up to {@code concurrency} at a time. Each page that answers is kept, even
     * when another fails; then the first failure is thrown. Once one failure is seen no further page is started
     * (a 429 or a refused budget says that more calls now would be wasted).
     */
    void fetchPages(Source source, int concurrency, Executor executor, Clock clock) {
        List<MarketsPage> todo = pages.stream().filter(p -> !fetchedPages.containsKey(p.page())).toList();
        if (todo.isEmpty()) {
            return;
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        // A short page means CoinGecko lists fewer coins than asked: later pages would be empty, so not asked for.
        AtomicInteger lastPage = new AtomicInteger(shortPage().orElse(Integer.MAX_VALUE));
        Multi.createFrom().iterable(todo)
                .onItem().transformToUni(page -> Uni.createFrom().item(() -> {
                    if (failure.get() == null && page.page() <= lastPage.get()) {
                        try {
                            calls.incrementAndGet();
                            List<RawRecord> records = source.page(page, pages.size());
                            fetchedPages.put(page.page(), new Answer(clock.instant(), records));
                            if (records.size() < page.perPage()) {
                                lastPage.accumulateAndGet(page.page(), Math::min);
                            }
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                    return Boolean.TRUE;
                }).runSubscriptionOn(executor))
                .merge(Math.max(1, concurrency))
                .collect().last()
                // Bounded: every request has its own deadline for the whole answer.
                .await().indefinitely();
        if (failure.get() != null) {
            throw failure.get();
        }
        // Pages beyond a short one are settled as empty without a call.
        int end = lastPage.get();
        pages.stream().filter(p -> p.page() > end).forEach(p ->
                fetchedPages.putIfAbsent(p.page(), new Answer(clock.instant(), List.of())));
    }

    private java.util.Optional<Integer> shortPage() {
        return fetchedPages.entrySet().stream()
                .filter(e -> e.getValue().records().size() < pages.get(e.getKey() - 1).perPage())
                .map(Map.Entry::getKey).min(Integer::compare);
    }

    /**
     * Asks by id for the coins of the previous poll that no page had, so a coin whose rank moved across a page
     * boundary between two page requests is not lost. Each request is charged to the budget; when the budget refuses
     * one, its coins and the rest are counted as missed rather than holding up the poll. Another failure is thrown
     * (the retry asks only for the coins not answered yet).
     */
    void fetchMissingCoins(Source source, Clock clock) {
        if (missingDone) {
            return;
        }
        Set<String> onPages = coinsOnPages();
        List<String> missing = new ArrayList<>(new TreeSet<>(expectedCoins));
        missing.removeIf(id -> onPages.contains(id) || askedById.contains(id));
        for (int from = 0; from < missing.size(); from += MarketsPage.MAX_PER_PAGE) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + MarketsPage.MAX_PER_PAGE));
            List<RawRecord> records;
            try {
                calls.incrementAndGet();
                records = source.byIds(chunk);
            } catch (CallRefusedException refused) {
                missedByBudget += missing.size() - from;
                break;
            }
            byIds.add(new Answer(clock.instant(), records));
            askedById.addAll(chunk);
            Set<String> answered = new LinkedHashSet<>();
            records.forEach(r -> answered.add(r.coinIdOrNull()));
            absentById += (int) chunk.stream().filter(id -> !answered.contains(id)).count();
        }
        missingDone = true;
    }

    /** The coin ids found on this poll's pages: what the next poll expects to find again. */
    Set<String> coinsOnPages() {
        Set<String> ids = new LinkedHashSet<>();
        for (Answer answer : answers(false)) {
            for (RawRecord record : answer.records()) {
                String id = record.coinIdOrNull();
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** Every answer in page order, then the answers by id. */
    List<Answer> answers() {
        return answers(true);
    }

    private List<Answer> answers(boolean withIds) {
        List<Answer> all = new ArrayList<>();
        for (MarketsPage page : pages) {
            Answer answer = fetchedPages.get(page.page());
            if (answer != null) {
                all.add(answer);
            }
        }
        if (withIds) {
            all.addAll(byIds);
        }
        return all;
    }

    int recordCount() {
        return answers().stream().mapToInt(a -> a.records().size()).sum();
    }

    /** Coins of the previous poll neither on a page nor asked for by id, because the budget refused the call. */
    int missedByBudget() {
        return missedByBudget;
    }

    /** Coins of the previous poll asked for by id that CoinGecko no longer lists. */
    int absentById() {
        return absentById;
    }

    int foundById() {
        return byIds.stream().mapToInt(a -> a.records().size()).sum();
    }

    /** Counts one more attempt at this poll (fetching, publishing, or both). */
    void attempted() {
        attempts++;
    }

    int attempts() {
        return attempts;
    }

    /** CoinGecko requests made for this poll over all its attempts. */
    int calls() {
        return calls.get();
    }

    int pageCount() {
        return pages.size();
    }

    /** Records fetched once: the time from the poll's start to its last answer. */
    Duration fetchTime(Instant fetchedAt) {
        if (fetchTime == null) {
            fetchTime = Duration.between(polledAt, fetchedAt);
        }
        return fetchTime;
    }

    /** What is still to be acknowledged by the broker; null until the fetched records were turned into sends. */
    List<Outgoing> pending() {
        return pending;
    }

    void pending(List<Outgoing> outgoing) {
        this.pending = Collections.synchronizedList(new ArrayList<>(outgoing));
    }
}
