package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.BackfillCommandLine;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.model.Hole;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackfillRequestTest {

    private static final LocalDate TODAY = LocalDate.parse("2025-06-01");

    @Test
    void readsCoinsAndAnInclusiveRangeOfDays() {
        BackfillRequest request = parse(Plan.DEMO, "--coins", "bitcoin, ethereum,bitcoin", "--from", "2025-01-01",
                "--to", "2025-01-31");

        assertThat(request.coins()).containsExactly("bitcoin", "ethereum");
        assertThat(request.chunks("bitcoin")).extracting(Object::toString).containsExactly("2025-01-01..2025-01-31");
    }

    @Test
    void aRepairOfHolesFetchesEachCoinOverItsOwnHolesOnlyWithSourceRepair() {
        Instant t = Instant.parse("2025-05-30T10:00:00Z");
        List<Hole> holes = List.of(new Hole("bitcoin", t, t.plusSeconds(3600)),
                new Hole("ethereum", t.plusSeconds(600), t.plusSeconds(1200)),
                new Hole("bitcoin", t.plusSeconds(7200), t.plusSeconds(9000)));

        BackfillRequest request = BackfillRequest.ofHoles(LocalDate.parse("2025-05-30"), holes, TODAY, Plan.DEMO);

        assertThat(request.source()).isEqualTo(MarketRecord.SOURCE_REPAIR);
        assertThat(request.coins()).containsExactly("bitcoin", "ethereum");
        assertThat(request.chunks("bitcoin")).containsExactly(
                new BackfillRequest.Chunk(t.plusMillis(1), t.plusSeconds(3600), t + ".." + t.plusSeconds(3600)),
                new BackfillRequest.Chunk(t.plusSeconds(7200).plusMillis(1), t.plusSeconds(9000),
                        t.plusSeconds(7200) + ".." + t.plusSeconds(9000)));
        assertThat(request.chunks("ethereum")).extracting(BackfillRequest.Chunk::from, BackfillRequest.Chunk::until)
                .containsExactly(tuple(t.plusSeconds(600).plusMillis(1), t.plusSeconds(1200)));
        assertThat(parse(Plan.DEMO, "--coins", "bitcoin", "--from", "2025-01-01", "--to", "2025-01-31").source())
                .isEqualTo(MarketRecord.SOURCE_BACKFILL);
    }

    @Test
    void longRangesAreFetchedInChunksOfNinetyDaysSoThatPointsStayHourly() {
        BackfillRequest request = parse(Plan.DEMO, "--coins", "bitcoin", "--from", "2024-07-01", "--to", "2025-01-31");

        assertThat(request.chunks("bitcoin")).extracting(Object::toString).containsExactly(
                "2024-07-01..2024-09-28", "2024-09-29..2024-12-27", "2024-12-28..2025-01-31");
    }

    @Test
    void thePublicAndDemoPlansRefuseDaysMoreThan365DaysBackWithTheFirstDayTheyServe() {
        for (Plan plan : List.of(Plan.PUBLIC, Plan.DEMO)) {
            assertThatThrownBy(() -> parse(plan, "--coins", "bitcoin", "--from", "2024-05-31", "--to", "2024-06-30"))
                    .isInstanceOf(BackfillRequest.Invalid.class)
                    .hasMessageContaining("more than 365 days back")
                    .hasMessageContaining("serves history from 2024-06-01");
        }
        assertThat(parse(Plan.DEMO, "--coins", "bitcoin", "--from", "2024-06-01", "--to", "2024-06-30").from())
                .isEqualTo("2024-06-01");
        assertThat(parse(Plan.PRO, "--coins", "bitcoin", "--from", "2018-01-01", "--to", "2018-01-02").from())
                .isEqualTo("2018-01-01");
    }

    @Test
    void daysOlderThanTheStoreKeepsAreRefusedWithTheFirstDayItKeepsWholeAndNoRetentionKeepsEverything() {
        Instant now = Instant.parse("2025-06-01T10:00:00Z");
        BackfillRequest request = parse(Plan.PRO, "--coins", "bitcoin", "--from", "2025-03-03", "--to", "2025-03-10");

        // 90 days before now is 2025-03-03T10:00Z: that day's first ten hours would expire at once.
        assertThatThrownBy(() -> request.requireWithinRetention(now, Duration.ofDays(90)))
                .isInstanceOf(BackfillRequest.Invalid.class)
                .hasMessage("--from 2025-03-03 is older than the store keeps observations (STORE_RETENTION 90d): "
                        + "MongoDB would delete them within a minute; backfill from 2025-03-04 on, or raise the "
                        + "retention first");
        assertThat(parse(Plan.PRO, "--coins", "bitcoin", "--from", "2025-03-04", "--to", "2025-03-10")
                .requireWithinRetention(now, Duration.ofDays(90)).from()).isEqualTo("2025-03-04");
        assertThat(request.requireWithinRetention(Instant.parse("2025-06-01T00:00:00Z"), Duration.ofDays(90)))
                .as("a day starting exactly at the oldest kept instant").isSameAs(request);
        assertThat(request.requireWithinRetention(now, Duration.ZERO)).isSameAs(request);
    }

    @Test
    void backwardsOrNotPastRangesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> parse(Plan.DEMO, "--coins", "bitcoin", "--from", "2025-02-01", "--to", "2025-01-01"))
                .isInstanceOf(BackfillRequest.Invalid.class).hasMessageContaining("is after --to");
        assertThatThrownBy(() -> parse(Plan.DEMO, "--coins", "bitcoin", "--from", "2025-05-01", "--to", "2025-06-01"))
                .isInstanceOf(BackfillRequest.Invalid.class).hasMessageContaining("not a past day");
    }

    @Test
    void topNIsTheAlternativeToNamedCoins() {
        BackfillRequest request = parse(Plan.DEMO, "--top", "300", "--from", "2025-01-01", "--to", "2025-01-31");

        assertThat(request.byMarketCap()).isTrue();
        assertThat(request.top()).isEqualTo(300);
        assertThat(request.coins()).isEmpty();
        assertThat(parse(Plan.DEMO, "--coins", "bitcoin", "--from", "2025-01-01", "--to", "2025-01-31").byMarketCap())
                .isFalse();
    }

    private static BackfillRequest parse(Plan plan, String... args) {
        return BackfillCommandLine.request(TODAY, plan, args);
    }
}
