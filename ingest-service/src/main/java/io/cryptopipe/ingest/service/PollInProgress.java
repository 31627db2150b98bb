package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CoinsById;
import io.cryptopipe.ingest.client.MarketsAnswer;
import io.cryptopipe.ingest.client.MarketsPaging;
import io.cryptopipe.ingest.messaging.Delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One poll until it succeeds, over all its attempts: its pages and the coins asked for by id (a page or coin that
 * answered is never fetched again), the records still to be acknowledged by the broker, and its counts.
 * <p>
 * Paging by market cap is not a snapshot read: between two page requests CoinGecko can refresh its cache and ranks
 * can move, so a coin can show up on two pages or on none. A coin on two pages is the same observation twice (or
 * two observations of it) and is published once per observation; a coin of the previous poll that is on no page is
 * asked for by id.
 */
final class PollInProgress {

    private final Instant polledAt;
    private final MarketsPaging pages;
    private final Set<String> expectedCoins;
    private CoinsById missingCoins;
    private int attempts;
    private Duration fetchTime;
    private Delivery delivery;
    private int published;
    private int unchanged;
    private int rejected;

    /**
     * @param expectedCoins the coins found on the pages of the previous successful poll: each must be found again,
     *                      on a page or by id
     */
    PollInProgress(Instant polledAt, MarketsPaging pages, Set<String> expectedCoins) {
        this.polledAt = polledAt;
        this.pages = pages;
        this.expectedCoins = Set.copyOf(expectedCoins);
    }

    Instant polledAt() {
        return polledAt;
    }

    MarketsPaging pages() {
        return pages;
    }

    /** The coins of the previous poll on no page, to ask for by id; known once every page has answered. */
    CoinsById missingCoins() {
        if (missingCoins == null) {
            Set<String> missing = new HashSet<>(expectedCoins);
            missing.removeAll(coinsOnPages());
            missingCoins = new CoinsById(missing);
        }
        return missingCoins;
    }

    /** The coin ids found on this poll's pages: what the next poll expects to find again. */
    Set<String> coinsOnPages() {
        return pages.coins();
    }

    /** Every answer in page order, then the answers by id. */
    List<MarketsAnswer> answers() {
        List<MarketsAnswer> all = new ArrayList<>(pages.answers());
        if (missingCoins != null) {
            all.addAll(missingCoins.answers());
        }
        return all;
    }

    int recordCount() {
        return answers().stream().mapToInt(a -> a.records().size()).sum();
    }

    /** Coins of the previous poll neither on a page nor asked for by id, because the budget refused the call. */
    int missedByBudget() {
        return missingCoins == null ? 0 : missingCoins.missedByBudget();
    }

    /** Coins of the previous poll asked for by id that CoinGecko no longer lists. */
    int absentById() {
        return missingCoins == null ? 0 : missingCoins.absent();
    }

    int foundById() {
        return missingCoins == null ? 0 : missingCoins.found();
    }

    /** Counts one more attempt at this poll (fetching, publishing, or both). */
    void attempted() {
        attempts++;
    }

    int attempts() {
        return attempts;
    }

    /** CoinGecko requests tried for this poll over all its attempts. */
    int calls() {
        return pages.requests() + (missingCoins == null ? 0 : missingCoins.requests());
    }

    /** Records fetched once: the time from the poll's start to its last answer. */
    Duration fetchTime(Instant fetchedAt) {
        if (fetchTime == null) {
            fetchTime = Duration.between(polledAt, fetchedAt);
        }
        return fetchTime;
    }

    /** What is still to be acknowledged by the broker; empty until the fetched records were judged. */
    Optional<Delivery> delivery() {
        return Optional.ofNullable(delivery);
    }

    /** The fetched records judged: what to send, and how many were left out as unchanged or dead-lettered. */
    void judged(Delivery toSend, int unchangedRecords, int rejectedRecords) {
        this.delivery = toSend;
        this.unchanged = unchangedRecords;
        this.rejected = rejectedRecords;
    }

    void published(int records) {
        published += records;
    }

    /** Records published and acknowledged, over all attempts. */
    int published() {
        return published;
    }

    int unchanged() {
        return unchanged;
    }

    int rejected() {
        return rejected;
    }

    /** What the poll came to, for its log line. */
    String summary(Instant now, long publishMillis) {
        return String.format("%d records from CoinGecko (%d pages and %d coins by id, %d calls, %d attempts),"
                + " fetched in %d ms, %d published (last sends acknowledged in %d ms), %d unchanged since the last"
                + " poll, %d dead-lettered%s", recordCount(), pages.pageCount(), foundById(), calls(), attempts,
                fetchTime(now).toMillis(), published, publishMillis, unchanged, rejected,
                missedByBudget() + absentById() == 0 ? "" : ", " + missedByBudget()
                        + " coins of the last poll not fetched (budget), " + absentById() + " no longer listed");
    }
}
