package io.cryptopipe.aggregate.command;

import com.mongodb.client.model.Filters;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate with repairs in mind, run as commands on a clock stopped at 2025-09-02T01:00Z (the DAG's run for
 * 2025-09-01): a day failing only on holes CoinGecko's 5-minute history still has exits 4 and lists them; once
 * repaired points fill them it passes; a day whose holes are older than that history fails as before, with one line
 * naming them.
 */
@QuarkusMainTest
@TestProfile(FixedClock.Profile.class)
class AggregateRepairableDayTest {

    private static final LocalDate FRESH_DAY = LocalDate.of(2025, 9, 1);
    private static final LocalDate OLD_DAY = LocalDate.of(2025, 8, 29);
    private static final LocalTime TEN = LocalTime.of(10, 0);
    private static final LocalTime FOURTEEN = LocalTime.of(14, 0);

    @BeforeAll
    static void loadRawData() {
        List<Document> raw = new ArrayList<>();
        for (LocalDate day : List.of(FRESH_DAY, OLD_DAY)) {
            // Four silent hours: 83.33 % observed, below the 90 %, above the 50 % observed minimum.
            raw.addAll(RawCoinDay.of("top-01", 1, day).silentBetween(TEN, FOURTEEN).documents());
            raw.addAll(RawCoinDay.of("top-02", 2, day).documents());
        }
        RawData.insert(raw);
    }

    @Test
    void dayFailingOnlyOnFillableHolesExitsFourAndPassesOnceTheyAreRepaired(QuarkusMainLauncher launcher) {
        String hole = "top-01 2025-09-01T09:59:30Z..2025-09-01T14:00:00Z";

        LaunchResult aggregated = launcher.launch("--date", FRESH_DAY.toString());

        assertThat(aggregated.exitCode()).as(aggregated.getErrorOutput()).isEqualTo(4);
        assertThat(aggregated.getErrorStream()).containsExactly("aggregate-service: quality gate failed on holes a "
                + "repair can fill: " + FRESH_DAY + ": 1 hole(s): " + hole);
        Document report = report(FRESH_DAY);
        assertThat(report).containsEntry("gate_passed", false).containsEntry("repairable", true)
                .containsEntry("holes_count", 1).containsEntry("coins_repaired", 0)
                .containsEntry("repaired_points", 0);
        assertThat(report.getList("holes", Document.class)).containsExactly(new Document("coin_id", "top-01")
                .append("from", Date.from(Instant.parse("2025-09-01T09:59:30Z")))
                .append("to", Date.from(Instant.parse("2025-09-01T14:00:00Z"))));

        // What ingest's repair-day publishes into the hole: CoinGecko's 5-minute points, source "repair".
        List<Document> repaired = new ArrayList<>();
        for (Instant t = Instant.parse("2025-09-01T10:03:00Z"); t.isBefore(Instant.parse("2025-09-01T14:00:00Z"));
                t = t.plusSeconds(300)) {
            repaired.add(new Document("coin_id", "top-01").append("timestamp", Date.from(t))
                    .append("source", "repair").append("current_price", 100.0).append("market_cap_rank", 1));
        }
        RawData.insert(repaired);

        LaunchResult again = launcher.launch("--date", FRESH_DAY.toString());

        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(again.getOutput()).contains(FRESH_DAY + ": 2 coins written from " + (2 * 2880 - 480 + 48)
                + " data points; quality: 0 failing the gate");
        assertThat(report(FRESH_DAY)).containsEntry("gate_passed", true).containsEntry("repairable", false)
                .containsEntry("holes_count", 0).containsEntry("coins_repaired", 1)
                .containsEntry("repaired_points", 48);
        Document quality = daily(FRESH_DAY, "top-01").get("quality", Document.class);
        // 47 points hold 5 minutes each, the last one 2 minutes (the next poll is at 14:00:00).
        assertThat(quality).containsEntry("coverage", 2400 / 2880.0).containsEntry("repaired_points", 48)
                .containsEntry("repaired_coverage", (47 * 300 + 120) / 86_400.0)
                .containsEntry("longest_gap_seconds", 300.0);
        assertThat(launcher.launch("check", "--date", FRESH_DAY.toString()).exitCode()).isZero();
    }

    @Test
    void dayWhoseHolesAreOlderThanTheFiveMinuteHistoryFailsAsBeforeWithOneLineNamingThem(
            QuarkusMainLauncher launcher) {
        LaunchResult aggregated = launcher.launch("--date", OLD_DAY.toString());

        assertThat(aggregated.exitCode()).as(aggregated.getErrorOutput()).isZero();
        assertThat(aggregated.getOutput().lines().filter(line -> line.contains("a repair cannot fill")))
                .singleElement().asString().endsWith(OLD_DAY + ": quality gate failed; a repair cannot fill its "
                        + "1 hole(s): top-01 2025-08-29T09:59:30Z..2025-08-29T14:00:00Z");
        assertThat(report(OLD_DAY)).containsEntry("gate_passed", false).containsEntry("repairable", false)
                .containsEntry("holes_count", 1);

        LaunchResult checked = launcher.launch("check", "--date", OLD_DAY.toString());

        assertThat(checked.exitCode()).isEqualTo(3);
    }

    private static Document report(LocalDate day) {
        return SharedLocalStack.mongoDatabase().getCollection("market_data_quality")
                .find(Filters.eq("date", day.toString())).first();
    }

    private static Document daily(LocalDate day, String coin) {
        return SharedLocalStack.mongoDatabase().getCollection("market_data_daily")
                .find(Filters.and(Filters.eq("date", day.toString()), Filters.eq("coin_id", coin))).first();
    }
}
