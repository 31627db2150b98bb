package io.cryptopipe.aggregate.command;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.RawCoinDay;
import io.cryptopipe.aggregate.RawData;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data-quality report the job stores with each day and the gate {@code check} applies to it, run as commands
 * against the MongoDB wire-protocol server with the default thresholds (30 s interval, top 10, 90 % coverage).
 * Each scenario has days of its own.
 */
@QuarkusMainTest
@TestProfile(SharedLocalStack.class)
class AggregateQualityTest {

    private static final LocalDate CLEAN_DAY = LocalDate.of(2025, 6, 2);
    private static final LocalDate GAPPY_DAY = LocalDate.of(2025, 6, 5);
    private static final LocalDate BEFORE_VANISHING = LocalDate.of(2025, 6, 8);
    private static final LocalDate VANISHING_DAY = LocalDate.of(2025, 6, 9);
    private static final LocalDate NEGATIVE_PRICE_DAY = LocalDate.of(2025, 6, 12);
    private static final LocalDate DAY_WITHOUT_DOCUMENTS = LocalDate.of(2025, 7, 1);
    private static final LocalDate DAY_BEFORE_REPORTS = LocalDate.of(2023, 5, 20);
    private static final LocalDate BEFORE_MARKET_DAY = LocalDate.of(2025, 8, 1);
    private static final LocalDate MARKET_DAY = LocalDate.of(2025, 8, 2);
    private static final int MARKET_COINS = 5_000;
    private static final LocalTime SIX = LocalTime.of(6, 0);
    private static final LocalTime EIGHTEEN = LocalTime.of(18, 0);

    @BeforeAll
    static void loadRawData() {
        List<Document> raw = new ArrayList<>();
        // Ranks 1 to 10 are the top 10; the outsider (rank 11) is reported but may be as gappy as it likes.
        for (int rank = 1; rank <= 10; rank++) {
            RawCoinDay gappy = RawCoinDay.of(String.format("top-%02d", rank), rank, GAPPY_DAY);
            raw.addAll((rank == 3 ? gappy.silentBetween(SIX, EIGHTEEN) : gappy).documents());
        }
        for (int rank = 1; rank <= 3; rank++) {
            raw.addAll(RawCoinDay.of(String.format("top-%02d", rank), rank, CLEAN_DAY).documents());
        }
        raw.addAll(RawCoinDay.of("outsider", 11, GAPPY_DAY)
                .silentBetween(LocalTime.MIDNIGHT, LocalTime.of(20, 0)).documents());
        for (String coin : List.of("bitcoin", "ethereum", "vanished")) {
            raw.addAll(RawCoinDay.of(coin, coin.length(), BEFORE_VANISHING).documents());
        }
        for (String coin : List.of("bitcoin", "ethereum")) {
            raw.addAll(RawCoinDay.of(coin, coin.length(), VANISHING_DAY).documents());
            raw.addAll(RawCoinDay.of(coin, coin.length(), NEGATIVE_PRICE_DAY).documents());
        }
        raw.addAll(RawCoinDay.of("glitchy", 30, NEGATIVE_PRICE_DAY).priceAt(LocalTime.NOON, -0.5).documents());
        for (int rank = 1; rank <= 2; rank++) {
            raw.addAll(RawCoinDay.of(marketCoin(rank), rank, MARKET_DAY).documents());
        }
        RawData.insert(raw);
    }

    @Test
    void cleanDayIsReportedCompleteAndPassesTheGate(QuarkusMainLauncher launcher) {
        LaunchResult aggregated = launcher.launch("--date", CLEAN_DAY.toString());

        assertThat(aggregated.exitCode()).as(aggregated.getErrorOutput()).isZero();
        assertThat(aggregated.getOutput()).contains(CLEAN_DAY + ": 3 coins written from " + 3 * 2880
                + " data points; quality: 0 failing the gate, worst coverage 100.00%");
        assertThat(stored(CLEAN_DAY)).allSatisfy(daily -> assertThat(quality(daily))
                .containsEntry("coverage", 1.0)
                .containsEntry("observations", 2880)
                .containsEntry("longest_gap_seconds", 30.0)
                .containsEntry("ordering_ok", true)
                .containsEntry("prices_positive", true));
        assertThat(report(CLEAN_DAY)).containsEntry("coins_expected", 0).containsEntry("coins_observed", 3)
                .containsEntry("missing", List.of()).containsEntry("gate_passed", true)
                .containsEntry("failures", List.of());

        LaunchResult checked = launcher.launch("check", "--date", CLEAN_DAY.toString());

        assertThat(checked.exitCode()).as(checked.getErrorOutput()).isZero();
        assertThat(checked.getErrorOutput()).isEmpty();
        assertThat(checked.getOutput()).contains(CLEAN_DAY + ": quality gate passed: 3 coins, 0 failing the gate");
    }

    @Test
    void topTenCoinSilentForTwelveHoursFailsTheCheckWithExitCodeThree(QuarkusMainLauncher launcher) {
        LaunchResult aggregated = launcher.launch("--date", GAPPY_DAY.toString());

        // Bad data is not the job's failure: it stored the day and its report.
        assertThat(aggregated.exitCode()).as(aggregated.getErrorOutput()).isZero();
        assertThat(aggregated.getOutput()).contains("quality: 1 failing the gate, worst coverage 16.67% (outsider)");
        // Silent from 06:00:00 to 18:00:00: the last observation before is at 05:59:30.
        assertThat(quality(storedCoin(GAPPY_DAY, "top-03")))
                .containsEntry("coverage", 0.5)
                .containsEntry("observations", 1440)
                .containsEntry("longest_gap_seconds", 12 * 3600 + 30.0);
        // Silent until 20:00: the gap counts from midnight.
        assertThat(quality(storedCoin(GAPPY_DAY, "outsider")))
                .containsEntry("longest_gap_seconds", 20 * 3600.0);
        assertThat(report(GAPPY_DAY)).containsEntry("gate_passed", false);

        LaunchResult checked = launcher.launch("check", "--date", GAPPY_DAY.toString());

        assertThat(checked.exitCode()).isEqualTo(3);
        assertThat(checked.getErrorStream()).containsExactly("aggregate-service check: quality gate failed for "
                + GAPPY_DAY + ": top-03: coverage 50.00% observed + 0.00% repaired below 90.00% (rank 3, top 10), "
                + "longest gap 43230 s");
    }

    @Test
    void coinOfTheDayBeforeWithoutObservationIsReportedMissingAndFailsTheGate(QuarkusMainLauncher launcher) {
        LaunchResult aggregated = launcher.launch("--from", BEFORE_VANISHING.toString(),
                "--to", VANISHING_DAY.toString());

        assertThat(aggregated.exitCode()).as(aggregated.getErrorOutput()).isZero();
        assertThat(aggregated.getOutput()).contains(VANISHING_DAY + ": 2 coins written from 5760 data points; "
                + "quality: 1 failing the gate (1 missing)");
        assertThat(stored(VANISHING_DAY)).extracting(d -> d.getString("coin_id"))
                .containsExactly("bitcoin", "ethereum");
        Document report = report(VANISHING_DAY);
        assertThat(report).containsEntry("coins_expected", 3).containsEntry("coins_observed", 2)
                .containsEntry("missing", List.of("vanished")).containsEntry("gate_passed", false)
                .containsEntry("failures", List.of(new Document("coin_id", "vanished")
                        .append("reason", "missing (expected, no observation on " + VANISHING_DAY + ")")));

        LaunchResult checked = launcher.launch("check", "--date", VANISHING_DAY.toString());

        assertThat(checked.exitCode()).isEqualTo(3);
        assertThat(checked.getErrorStream()).containsExactly("aggregate-service check: quality gate failed for "
                + VANISHING_DAY + ": vanished: missing (expected, no observation on " + VANISHING_DAY + ")");

        LaunchResult range = launcher.launch("check", "--from", BEFORE_VANISHING.toString(),
                "--to", VANISHING_DAY.toString());

        assertThat(range.exitCode()).isEqualTo(3);
        assertThat(range.getErrorStream()).singleElement().asString()
                .startsWith("aggregate-service check: quality gate failed for 1 of 2 days: " + VANISHING_DAY
                        + ": vanished: missing");
        assertThat(range.getOutput()).contains(BEFORE_VANISHING + ": quality gate passed");
    }

    @Test
    void negativePriceFailsTheGateWhateverTheCoinsRank(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch("--date", NEGATIVE_PRICE_DAY.toString()).exitCode()).isZero();

        assertThat(quality(storedCoin(NEGATIVE_PRICE_DAY, "glitchy")))
                .containsEntry("prices_positive", false)
                .containsEntry("ordering_ok", true);
        assertThat(quality(storedCoin(NEGATIVE_PRICE_DAY, "bitcoin"))).containsEntry("prices_positive", true);

        LaunchResult checked = launcher.launch("check", "--date", NEGATIVE_PRICE_DAY.toString());

        assertThat(checked.exitCode()).isEqualTo(3);
        assertThat(checked.getErrorStream()).containsExactly("aggregate-service check: quality gate failed for "
                + NEGATIVE_PRICE_DAY + ": glitchy: price <= 0");
    }

    @Test
    void rerunningADayKeepsItsDocumentsAndItsQualityReport(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch("--date", GAPPY_DAY.toString()).exitCode()).isZero();
        List<Document> documents = stored(GAPPY_DAY);
        Document report = report(GAPPY_DAY);

        LaunchResult again = launcher.launch("--date", GAPPY_DAY.toString());

        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        // Same _id too: documents and report were replaced in place.
        assertThat(stored(GAPPY_DAY)).hasSize(11).isEqualTo(documents);
        assertThat(report(GAPPY_DAY)).isEqualTo(report);
        assertThat(qualityReports().countDocuments(Filters.eq("date", GAPPY_DAY.toString()))).isEqualTo(1);
    }

    @Test
    void dayWithoutDailyDocumentsFailsTheCheck(QuarkusMainLauncher launcher) {
        LaunchResult checked = launcher.launch("check", "--date", DAY_WITHOUT_DOCUMENTS.toString());

        assertThat(checked.exitCode()).isEqualTo(3);
        assertThat(checked.getErrorStream()).containsExactly("aggregate-service check: quality gate failed for "
                + DAY_WITHOUT_DOCUMENTS + ": no daily documents for " + DAY_WITHOUT_DOCUMENTS);
    }

    @Test
    void dailyDocumentsWithoutAQualityReportFailTheCheck(QuarkusMainLauncher launcher) {
        // What a job from before the quality report left behind: statistics only.
        SharedLocalStack.mongoDatabase().getCollection("market_data_daily").insertOne(
                new Document("coin_id", "bitcoin").append("date", DAY_BEFORE_REPORTS.toString())
                        .append("open_price", 1.0).append("close_price", 1.0).append("min_price", 1.0)
                        .append("max_price", 1.0).append("data_points", 2880).append("last_market_cap_rank", 1));

        LaunchResult checked = launcher.launch("check", "--date", DAY_BEFORE_REPORTS.toString());

        assertThat(checked.exitCode()).isEqualTo(3);
        assertThat(checked.getErrorStream()).containsExactly("aggregate-service check: quality gate failed for "
                + DAY_BEFORE_REPORTS + ": bitcoin: no quality report (aggregate the day again); no quality report for "
                + DAY_BEFORE_REPORTS + " (aggregate the day again)");
    }

    @Test
    void reportOfAWholeMarketMissingThousandsListsTheFirstThousandAndCountsThemAll(QuarkusMainLauncher launcher) {
        // The day before, the whole market had daily documents (written here directly: only the coin ids count);
        // on the day, only the two best ranked coins were observed.
        List<Document> dayBefore = new ArrayList<>();
        for (int rank = 1; rank <= MARKET_COINS; rank++) {
            dayBefore.add(new Document("coin_id", marketCoin(rank)).append("date", BEFORE_MARKET_DAY.toString()));
        }
        SharedLocalStack.mongoDatabase().getCollection("market_data_daily").insertMany(dayBefore);
        int missing = MARKET_COINS - 2;

        LaunchResult aggregated = launcher.launch("--date", MARKET_DAY.toString());

        assertThat(aggregated.exitCode()).as(aggregated.getErrorOutput()).isZero();
        assertThat(aggregated.getOutput()).contains(MARKET_DAY + ": 2 coins written from 5760 data points; "
                + "quality: " + missing + " failing the gate (" + missing + " missing)");
        Document report = report(MARKET_DAY);
        assertThat(report).containsEntry("coins_expected", MARKET_COINS).containsEntry("coins_observed", 2)
                .containsEntry("missing_count", missing).containsEntry("failure_count", missing)
                .containsEntry("gate_passed", false);
        assertThat(report.getList("missing", String.class)).hasSize(1_000)
                .startsWith(marketCoin(3), marketCoin(4)).endsWith(marketCoin(1_002));
        assertThat(report.getList("failures", Document.class)).hasSize(1_000);

        LaunchResult checked = launcher.launch("check", "--date", MARKET_DAY.toString());

        assertThat(checked.exitCode()).isEqualTo(3);
        assertThat(checked.getOutput()).contains(MARKET_DAY + ": quality gate failed: 2 coins, " + missing
                + " failing the gate (" + missing + " missing)");
        // 1,000 named missing coins and one failure counting the rest: 20 named on the line, 981 counted.
        assertThat(checked.getErrorStream()).singleElement().asString()
                .startsWith("aggregate-service check: quality gate failed for " + MARKET_DAY + ": "
                        + marketCoin(3) + ": missing (expected, no observation on " + MARKET_DAY + ")")
                .endsWith("; and 981 more");
    }

    private static String marketCoin(int rank) {
        return String.format("market-%05d", rank);
    }

    private static Document quality(Document daily) {
        return daily.get("quality", Document.class);
    }

    private static Document storedCoin(LocalDate day, String coin) {
        return stored(day).stream().filter(d -> coin.equals(d.getString("coin_id"))).findFirst().orElseThrow();
    }

    private static List<Document> stored(LocalDate day) {
        return SharedLocalStack.mongoDatabase().getCollection("market_data_daily")
                .find(Filters.eq("date", day.toString())).sort(Sorts.ascending("coin_id")).into(new ArrayList<>());
    }

    private static Document report(LocalDate day) {
        Document report = qualityReports().find(Filters.eq("date", day.toString())).first();
        assertThat(report).as("quality report of " + day).isNotNull();
        return report;
    }

    private static MongoCollection<Document> qualityReports() {
        return SharedLocalStack.mongoDatabase().getCollection("market_data_quality");
    }
}
