package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The paging of one poll over its attempts, on a clock the test moves: every call charged to the budget before it
 * is made, a page that answered never fetched again, a coin that moved across a page boundary found by id.
 */
class PollInProgressTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MutableClock clock = new MutableClock(START);
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A market of coins {@code coin-1..coin-N} by rank, paged like the API, every call charged first. */
    private static final class Market implements PollInProgress.Source {
        final CallBudget budget;
        final List<String> ranking = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, AtomicInteger> pageCalls = new ConcurrentHashMap<>();
        final List<List<String>> idCalls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile Predicate<Integer> failingPage = page -> false;
        volatile Runnable afterPage = () -> { };
        /** When set, each page call waits (briefly) for a second one to be in flight, so that overlap is certain. */
        volatile CountDownLatch overlap;

        Market(CallBudget budget, int coins) {
            this.budget = budget;
            for (int i = 1; i <= coins; i++) {
                ranking.add("coin-" + i);
            }
        }

        @Override
        public List<RawRecord> page(MarketsPage page, int pageCount) {
            budget.tryCharge().ifPresent(refusal -> {
                throw new CallRefusedException(refusal);
            });
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                CountDownLatch meet = overlap;
                if (meet != null) {
                    meet.countDown();
                    // Generous: a poller that pages one at a time never brings the second call, and the test's
                    // in-flight assertion then fails; with concurrent paging the second call comes at once.
                    meet.await(10, TimeUnit.SECONDS);
                }
                pageCalls.computeIfAbsent(page.page(), p -> new AtomicInteger()).incrementAndGet();
                if (failingPage.test(page.page())) {
                    throw new CoinGeckoException(CoinGeckoException.Kind.SERVER_ERROR, "HTTP 502 on page " + page.page());
                }
                List<RawRecord> records = new ArrayList<>();
                synchronized (ranking) {
                    int from = (page.page() - 1) * page.perPage();
                    for (int i = from; i < Math.min(ranking.size(), from + page.perPage()); i++) {
                        records.add(record(ranking.get(i)));
                    }
                }
                return records;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
                afterPage.run();
            }
        }

        @Override
        public List<RawRecord> byIds(List<String> ids) {
            budget.tryCharge().ifPresent(refusal -> {
                throw new CallRefusedException(refusal);
            });
            idCalls.add(List.copyOf(ids));
            return ids.stream().filter(ranking::contains).map(Market::record).toList();
        }

        static RawRecord record(String id) {
            ObjectNode json = MAPPER.createObjectNode().put("id", id).put("last_updated", "2026-12-01T11:59:00.000Z");
            return new RawRecord(json, json.toString());
        }
    }

    private static List<String> ids(PollInProgress poll) {
        List<String> ids = new ArrayList<>();
        poll.answers().forEach(a -> a.records().forEach(r -> ids.add(r.coinIdOrNull())));
        return ids;
    }

    @Test
    void fetchesEveryPageOfTheWholeMarketWithAtMostTheConfiguredRequestsInFlight() {
        Market market = new Market(new CallBudget(clock, 1000, 1_000_000), 15_000);
        market.overlap = new CountDownLatch(2);
        PollInProgress poll = new PollInProgress(START, MarketsPage.covering(15_000), Set.of());

        poll.fetchPages(market, 4, executor, clock);

        assertThat(ids(poll)).hasSize(15_000).doesNotHaveDuplicates();
        assertThat(market.pageCalls).hasSize(60).allSatisfy((page, calls) -> assertThat(calls.get()).isOne());
        assertThat(market.maxInFlight.get()).isBetween(2, 4);
        assertThat(market.budget.usedThisMonth()).isEqualTo(60);
        assertThat(poll.calls()).isEqualTo(60);
    }

    @Test
    void aFailedPageIsFetchedAgainOnTheRetryWithoutTheOnesThatAnswered() {
        Market market = new Market(new CallBudget(clock, 1000, 1_000_000), 2_500);
        market.failingPage = page -> page == 7;
        PollInProgress poll = new PollInProgress(START, MarketsPage.covering(2_500), Set.of());

        assertThatThrownBy(() -> poll.fetchPages(market, 1, executor, clock))
                .isInstanceOf(CoinGeckoException.class).hasMessageContaining("page 7");
        // One at a time: pages after the failure were not even asked for.
        assertThat(market.pageCalls.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);

        market.failingPage = page -> false;
        clock.advance(Duration.ofSeconds(5));
        poll.fetchPages(market, 1, executor, clock);

        assertThat(ids(poll)).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(market.pageCalls).allSatisfy((page, calls) ->
                assertThat(calls.get()).as("page " + page).isEqualTo(page == 7 ? 2 : 1));
        assertThat(market.budget.usedThisMonth()).as("every attempt charged").isEqualTo(11);
    }

    @Test
    void aPollTheMinuteBudgetCutsShortGoesOnWhereItStoppedOnceTheBudgetAllows() {
        CallBudget budget = new CallBudget(clock, 25, 1_000_000);
        Market market = new Market(budget, 15_000);
        PollInProgress poll = new PollInProgress(START, MarketsPage.covering(15_000), Set.of());

        assertThatThrownBy(() -> poll.fetchPages(market, 4, executor, clock))
                .isInstanceOf(CallRefusedException.class);
        int fetched = market.pageCalls.size();
        assertThat(fetched).isEqualTo(25);
        assertThat(budget.usedLastMinute()).isEqualTo(25);

        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> poll.fetchPages(market, 4, executor, clock))
                .as("still inside the minute").isInstanceOf(CallRefusedException.class);
        assertThat(market.pageCalls).hasSize(25);

        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> poll.fetchPages(market, 4, executor, clock)).isInstanceOf(CallRefusedException.class);
        assertThat(market.pageCalls).hasSize(50);
        clock.advance(Duration.ofSeconds(60));
        poll.fetchPages(market, 4, executor, clock);

        assertThat(ids(poll)).hasSize(15_000).doesNotHaveDuplicates();
        assertThat(market.pageCalls).allSatisfy((page, calls) -> assertThat(calls.get()).isOne());
        assertThat(budget.usedThisMonth()).isEqualTo(60);
        assertThat(poll.fetchTime(clock.instant())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aCoinThatMovesUpAcrossAPageBoundaryWhilePagingIsFetchedByIdAndOneThatMovesDownIsSeenTwice() {
        Market market = new Market(new CallBudget(clock, 1000, 1_000_000), 1_000);
        Set<String> previous = new HashSet<>(market.ranking);
        // After page 1 was answered, coin-260 (page 2) overtakes coin-250 (page 1): coin-250 is now on page 2 and
        // shows up twice, coin-260 is on page 1 only, which was already fetched.
        AtomicInteger answered = new AtomicInteger();
        market.afterPage = () -> {
            if (answered.incrementAndGet() == 1) {
                synchronized (market.ranking) {
                    market.ranking.remove("coin-260");
                    market.ranking.add(0, "coin-260");
                }
            }
        };
        PollInProgress poll = new PollInProgress(START, MarketsPage.covering(1_000), previous);

        poll.fetchPages(market, 1, executor, clock);
        assertThat(poll.coinsOnPages()).doesNotContain("coin-260");
        poll.fetchMissingCoins(market, clock);

        assertThat(market.idCalls).containsExactly(List.of("coin-260"));
        assertThat(ids(poll)).contains("coin-260").hasSize(1_001);
        assertThat(ids(poll).stream().filter("coin-250"::equals)).hasSize(2);
        assertThat(poll.missedByBudget()).isZero();
        assertThat(poll.foundById()).isOne();
    }

    @Test
    void coinsOfThePreviousPollTheBudgetDoesNotAllowToAskForAreCountedAsMissed() {
        CallBudget budget = new CallBudget(clock, 4, 1_000_000);
        Market market = new Market(budget, 750);
        Set<String> previous = new HashSet<>(market.ranking);
        for (int i = 1; i <= 300; i++) {
            previous.add("gone-" + i);
        }
        PollInProgress poll = new PollInProgress(START, MarketsPage.covering(750), previous);

        poll.fetchPages(market, 2, executor, clock);
        poll.fetchMissingCoins(market, clock);

        // 3 pages and one call by id (the first 250 missing coins) fit the budget of 4; the other 50 do not.
        assertThat(market.idCalls).hasSize(1);
        assertThat(market.idCalls.get(0)).hasSize(250);
        assertThat(poll.absentById()).isEqualTo(250);
        assertThat(poll.missedByBudget()).isEqualTo(50);
        assertThat(budget.usedThisMonth()).isEqualTo(4);
    }

    @Test
    void whenCoinGeckoListsFewerCoinsThanAskedThePagesBeyondAreNotAskedFor() {
        Market market = new Market(new CallBudget(clock, 1000, 1_000_000), 600);
        PollInProgress poll = new PollInProgress(START, MarketsPage.covering(2_500), Set.of());

        poll.fetchPages(market, 1, executor, clock);

        assertThat(ids(poll)).hasSize(600);
        assertThat(market.pageCalls.keySet()).containsExactlyInAnyOrder(1, 2, 3);
        poll.fetchPages(market, 1, executor, clock);
        assertThat(market.pageCalls.keySet()).as("a retry asks for nothing more").hasSize(3);
    }
}
