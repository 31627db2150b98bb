package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.ingest.config.CoinGeckoAccess;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The paging of one poll over its attempts, through the real {@link CoinGeckoClient} on a clock the test moves: every
 * call charged to the budget before it is made, a page that answered never fetched again, a coin that moved across a
 * page boundary found by id.
 */
class PageFetcherTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MutableClock clock = new MutableClock(START);
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /**
     * CoinGecko's API for a market of coins {@code coin-1..coin-N} by rank, answering as the API does. It serves the
     * client through a proxy ({@link #api()}): a class implementing the REST client's interface would become a REST
     * endpoint and a bean of every {@code @QuarkusTest}.
     */
    private static final class Market {
        final List<String> ranking = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, AtomicInteger> pageCalls = new ConcurrentHashMap<>();
        final List<List<String>> idCalls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile Predicate<Integer> failingPage = page -> false;
        volatile Runnable afterPage = () -> { };
        /** When set, each page call waits (briefly) for a second one to be in flight, so that overlap is certain. */
        volatile CountDownLatch overlap;

        Market(int coins) {
            for (int i = 1; i <= coins; i++) {
                ranking.add("coin-" + i);
            }
        }

        CoinGeckoApi api() {
            return (CoinGeckoApi) Proxy.newProxyInstance(CoinGeckoApi.class.getClassLoader(),
                    new Class<?>[] {CoinGeckoApi.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "markets" -> Uni.createFrom().item(() -> page((int) args[2], (int) args[3]));
                        case "marketsByIds" -> byIds((String) args[1]);
                        default -> throw new UnsupportedOperationException(method.getName() + " is not a poll's call");
                    });
        }

        private Response page(int perPage, int page) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                CountDownLatch meet = overlap;
                if (meet != null) {
                    meet.countDown();
                    // Generous: a fetcher that pages one at a time never brings the second call, and the test's
                    // in-flight assertion then fails; with concurrent paging the second call comes at once.
                    meet.await(10, TimeUnit.SECONDS);
                }
                pageCalls.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
                if (failingPage.test(page)) {
                    return Response.status(502).entity("{\"error\":\"Bad Gateway\"}")
                            .type(MediaType.APPLICATION_JSON).build();
                }
                List<String> ids = new ArrayList<>();
                synchronized (ranking) {
                    int from = (page - 1) * perPage;
                    ids.addAll(ranking.subList(Math.min(ranking.size(), from),
                            Math.min(ranking.size(), from + perPage)));
                }
                return answer(ids);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
                afterPage.run();
            }
        }

        private Uni<Response> byIds(String ids) {
            List<String> asked = List.of(ids.split(","));
            idCalls.add(asked);
            return Uni.createFrom().item(() -> answer(asked.stream().filter(ranking::contains).toList()));
        }

        private static Response answer(List<String> ids) {
            ArrayNode body = MAPPER.createArrayNode();
            ids.forEach(id -> body.add(record(id)));
            return Response.ok(body.toString(), MediaType.APPLICATION_JSON).build();
        }

        static ObjectNode record(String id) {
            return MAPPER.createObjectNode().put("id", id).put("last_updated", "2026-12-01T11:59:00.000Z");
        }
    }

    private PageFetcher fetcher(Market market, CallBudget budget) {
        CoinGeckoClient client = new CoinGeckoClient(market.api(), MAPPER, CoinGeckoAccess.of(Optional.empty(),
                Optional.empty()), Duration.ofSeconds(20), "usd", budget, new SimpleMeterRegistry(), clock);
        return new PageFetcher(client, clock, executor);
    }

    private static List<String> ids(List<MarketsAnswer> answers) {
        List<String> ids = new ArrayList<>();
        answers.forEach(a -> a.records().forEach(r -> ids.add(r.coinIdOrNull())));
        return ids;
    }

    @Test
    void fetchesEveryPageOfTheWholeMarketWithAtMostTheConfiguredRequestsInFlight() {
        Market market = new Market(15_000);
        market.overlap = new CountDownLatch(2);
        CallBudget budget = new CallBudget(clock, 1000, 1_000_000);
        MarketsPaging paging = MarketsPaging.covering(15_000);

        fetcher(market, budget).fetch(paging, 4);

        assertThat(ids(paging.answers())).hasSize(15_000).doesNotHaveDuplicates();
        assertThat(market.pageCalls).hasSize(60).allSatisfy((page, calls) -> assertThat(calls.get()).isOne());
        assertThat(market.maxInFlight.get()).isBetween(2, 4);
        assertThat(budget.usedThisMonth()).isEqualTo(60);
        assertThat(paging.requests()).isEqualTo(60);
    }

    @Test
    void aFailedPageIsFetchedAgainOnTheRetryWithoutTheOnesThatAnswered() {
        Market market = new Market(2_500);
        market.failingPage = page -> page == 7;
        CallBudget budget = new CallBudget(clock, 1000, 1_000_000);
        PageFetcher fetcher = fetcher(market, budget);
        MarketsPaging paging = MarketsPaging.covering(2_500);

        assertThatThrownBy(() -> fetcher.fetch(paging, 1))
                .isInstanceOf(CoinGeckoException.class).hasMessageContaining("page 7");
        // One at a time: pages after the failure were not even asked for.
        assertThat(market.pageCalls.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);

        market.failingPage = page -> false;
        clock.advance(Duration.ofSeconds(5));
        fetcher.fetch(paging, 1);

        assertThat(ids(paging.answers())).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(market.pageCalls).allSatisfy((page, calls) ->
                assertThat(calls.get()).as("page " + page).isEqualTo(page == 7 ? 2 : 1));
        assertThat(budget.usedThisMonth()).as("every attempt charged").isEqualTo(11);
        assertThat(paging.requests()).isEqualTo(11);
    }

    @Test
    void aPollTheMinuteBudgetCutsShortGoesOnWhereItStoppedOnceTheBudgetAllows() {
        CallBudget budget = new CallBudget(clock, 25, 1_000_000);
        Market market = new Market(15_000);
        PageFetcher fetcher = fetcher(market, budget);
        MarketsPaging paging = MarketsPaging.covering(15_000);

        assertThatThrownBy(() -> fetcher.fetch(paging, 4)).isInstanceOf(CallRefusedException.class);
        int fetched = market.pageCalls.size();
        assertThat(fetched).isEqualTo(25);
        assertThat(budget.usedLastMinute()).isEqualTo(25);

        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> fetcher.fetch(paging, 4))
                .as("still inside the minute").isInstanceOf(CallRefusedException.class);
        assertThat(market.pageCalls).hasSize(25);

        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> fetcher.fetch(paging, 4)).isInstanceOf(CallRefusedException.class);
        assertThat(market.pageCalls).hasSize(50);
        clock.advance(Duration.ofSeconds(60));
        fetcher.fetch(paging, 4);

        assertThat(ids(paging.answers())).hasSize(15_000).doesNotHaveDuplicates();
        assertThat(market.pageCalls).allSatisfy((page, calls) -> assertThat(calls.get()).isOne());
        assertThat(budget.usedThisMonth()).isEqualTo(60);
        assertThat(paging.answers().stream().map(MarketsAnswer::fetchedAt).max(Instant::compareTo))
                .as("the last answer, two minutes after the first request")
                .contains(START.plus(Duration.ofMinutes(2)));
    }

    @Test
    void aCoinThatMovesUpAcrossAPageBoundaryWhilePagingIsFetchedByIdAndOneThatMovesDownIsSeenTwice() {
        Market market = new Market(1_000);
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
        PageFetcher fetcher = fetcher(market, new CallBudget(clock, 1000, 1_000_000));
        MarketsPaging paging = MarketsPaging.covering(1_000);

        fetcher.fetch(paging, 1);
        assertThat(paging.coins()).doesNotContain("coin-260");
        previous.removeAll(paging.coins());
        CoinsById missing = new CoinsById(previous);
        fetcher.fetch(missing);

        assertThat(market.idCalls).containsExactly(List.of("coin-260"));
        List<MarketsAnswer> all = new ArrayList<>(paging.answers());
        all.addAll(missing.answers());
        assertThat(ids(all)).contains("coin-260").hasSize(1_001);
        assertThat(ids(all).stream().filter("coin-250"::equals)).hasSize(2);
        assertThat(missing.missedByBudget()).isZero();
        assertThat(missing.found()).isOne();
        assertThat(missing.requests()).isOne();
    }

    @Test
    void coinsTheBudgetDoesNotAllowToAskForAreCountedAsMissedAndNotAskedForAgain() {
        CallBudget budget = new CallBudget(clock, 4, 1_000_000);
        Market market = new Market(750);
        PageFetcher fetcher = fetcher(market, budget);
        Set<String> gone = new HashSet<>();
        for (int i = 1; i <= 300; i++) {
            gone.add("gone-" + i);
        }
        MarketsPaging paging = MarketsPaging.covering(750);
        CoinsById missing = new CoinsById(gone);

        fetcher.fetch(paging, 2);
        fetcher.fetch(missing);

        // 3 pages and one call by id (the first 250 missing coins) fit the budget of 4; the other 50 do not.
        assertThat(market.idCalls).hasSize(1);
        assertThat(market.idCalls.get(0)).hasSize(250);
        assertThat(missing.absent()).isEqualTo(250);
        assertThat(missing.missedByBudget()).isEqualTo(50);
        assertThat(budget.usedThisMonth()).isEqualTo(4);
        clock.advance(Duration.ofMinutes(1));
        fetcher.fetch(missing);
        assertThat(market.idCalls).as("a retry asks for none again").hasSize(1);
    }

    @Test
    void whenCoinGeckoListsFewerCoinsThanAskedThePagesBeyondAreNotAskedFor() {
        Market market = new Market(600);
        PageFetcher fetcher = fetcher(market, new CallBudget(clock, 1000, 1_000_000));
        MarketsPaging paging = MarketsPaging.covering(2_500);

        fetcher.fetch(paging, 1);

        assertThat(ids(paging.answers())).hasSize(600);
        assertThat(market.pageCalls.keySet()).containsExactlyInAnyOrder(1, 2, 3);
        fetcher.fetch(paging, 1);
        assertThat(market.pageCalls.keySet()).as("a retry asks for nothing more").hasSize(3);
    }

    @Test
    void theTopByMarketCapPagesOneAtATimeAndStopsAtAShortPage() {
        Market market = new Market(400);

        List<RawRecord> top = fetcher(market, new CallBudget(clock, 1000, 1_000_000)).topByMarketCap(750);

        assertThat(top).extracting(RawRecord::coinIdOrNull).hasSize(400).startsWith("coin-1", "coin-2");
        assertThat(market.pageCalls.keySet()).as("page 2 of 250 was short").containsExactlyInAnyOrder(1, 2);
        assertThat(market.maxInFlight.get()).as("one page at a time").isOne();
    }
}
