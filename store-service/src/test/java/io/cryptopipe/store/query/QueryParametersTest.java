package io.cryptopipe.store.query;

import io.cryptopipe.store.QueryLimits;
import io.cryptopipe.store.config.QueryConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

    private static final Instant NOW = Instant.parse("2026-08-10T12:34:56Z");
    private final QueryParameters parameters = new QueryParameters(config(1000, 366),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countsEpochAlignedBucketsIncludingAPartialFirstAndLastOne() {
        long hour = Duration.ofHours(1).toMillis();
        assertThat(Step.ONE_HOUR.bucketsBetween(0, hour)).isEqualTo(1);
        assertThat(Step.ONE_HOUR.bucketsBetween(0, hour + 1)).isEqualTo(2);
        assertThat(Step.ONE_HOUR.bucketsBetween(hour / 2, hour + hour / 2)).isEqualTo(2);
        assertThat(Step.ONE_MINUTE.bucketsBetween(0, 1)).isEqualTo(1);
    }

    @Test
    void acceptsExactlyMaxPointsBucketsAndRefusesOneMore() {
        Instant from = Instant.parse("2026-08-10T00:00:00Z");
        assertThat(parameters.priceQuery("bitcoin", from.toString(), from.plus(Duration.ofMinutes(1000)).toString(),
                "1m").step()).isEqualTo(Step.ONE_MINUTE);
        assertThatThrownBy(() -> parameters.priceQuery("bitcoin", from.toString(),
                from.plus(Duration.ofMinutes(1000)).plusMillis(1).toString(), "1m"))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.code()).isEqualTo("range_too_large"));
        // The same range without a step: the next coarser one.
        assertThat(parameters.priceQuery("bitcoin", from.toString(),
                from.plus(Duration.ofMinutes(1000)).plusMillis(1).toString(), null).step()).isEqualTo(Step.FIVE_MINUTES);
    }

    @Test
    void defaultsToTheLast24HoursAndTheLast30Days() {
        QueryParameters.PriceQuery prices = parameters.priceQuery("bitcoin", null, "", null);
        assertThat(prices.to()).isEqualTo(NOW);
        assertThat(prices.from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
        QueryParameters.DailyQuery daily = parameters.dailyQuery("bitcoin", null, null);
        assertThat(daily.to()).isEqualTo(LocalDate.parse("2026-08-10"));
        assertThat(daily.from()).isEqualTo(LocalDate.parse("2026-07-12"));
    }

    @Test
    void timesAreRfc3339DateTimesWithAnyOffsetAndDaysFullDates() {
        assertThat(parameters.priceQuery("bitcoin", "2026-08-10T14:00:00+02:00", "2026-08-10t12:30:00.123456789z",
                null).from()).isEqualTo(Instant.parse("2026-08-10T12:00:00Z"));
        // RFC 3339 offsets run to 23:59, beyond java.time's 18 hours.
        assertThat(parameters.priceQuery("bitcoin", "0557-05-29T20:51:17.5-20:16", "0557-05-30T18:00:00Z", null)
                .from()).isEqualTo(Instant.parse("0557-05-30T17:07:17.5Z"));
        for (String bad : new String[]{"2026-08-10T12:00Z", "2026-08-10T12:00:00+24:00", "2026-08-10T12:00:00+02", "2026-08-10T12:00:00", "2026-08-10 12:00:00Z",
                "+12026-08-10T12:00:00Z", "2026-02-30T12:00:00Z", "2026-08-10T12:00:00.1234567891Z", " ", "yesterday"}) {
            assertThatThrownBy(() -> parameters.priceQuery("bitcoin", bad, null, null)).as(bad)
                    .isInstanceOfSatisfying(InvalidQueryException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_time"));
        }
        assertThat(parameters.dailyQuery("bitcoin", "0000-01-01", "0000-12-31").to()).isEqualTo(LocalDate.of(0, 12, 31));
        for (String bad : new String[]{"2026-8-10", "2026-02-30", "+12026-08-10", "2026-08-10T00:00:00Z", " "}) {
            assertThatThrownBy(() -> parameters.dailyQuery("bitcoin", bad, null)).as(bad)
                    .isInstanceOfSatisfying(InvalidQueryException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_date"));
        }
    }

    @Test
    void acceptsEveryRecordedStyleOfCoinIdAndRefusesOthers() {
        assertThat(parameters.coinId("usd-coin")).isEqualTo("usd-coin");
        assertThat(parameters.coinId("0x0-ai-ai-smart-contract")).isEqualTo("0x0-ai-ai-smart-contract");
        for (String bad : new String[]{"", "Bitcoin", "bit coin", "-btc", "a/b", "a".repeat(101), "bitcoin\n"}) {
            assertThatThrownBy(() -> parameters.coinId(bad)).as(bad).isInstanceOf(InvalidQueryException.class);
        }
    }

    @Test
    void acceptsADailyRangeOfExactlyMaxDays() {
        assertThat(parameters.dailyQuery("bitcoin", "2025-08-10", "2026-08-10").from())
                .isEqualTo(LocalDate.parse("2025-08-10"));
        assertThatThrownBy(() -> parameters.dailyQuery("bitcoin", "2025-08-09", "2026-08-10"))
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void pagesOfCoinsDefaultToThePageSizeAndRefuseALimitOutsideOneToTheMaximum() {
        CoinsQuery query = parameters.coinsQuery(null, null, null, null);
        assertThat(query.limit()).isEqualTo(100);
        assertThat(query.after()).isEmpty();
        assertThat(query.ids()).isEmpty();
        assertThat(query.search()).isEmpty();
        // Empty is the same as absent; every other value is read as the OpenAPI document states it.
        assertThat(parameters.coinsQuery("1", "", "", "").limit()).isEqualTo(1);
        assertThat(parameters.coinsQuery("500", null, null, null).limit()).isEqualTo(500);
        assertThat(parameters.coinsQuery("", null, null, null).limit()).isEqualTo(100);
        // Ten digits beyond an int too (9999999999, -3676830249): refused, not a server error.
        for (String bad : new String[]{"0", "-1", "501", "ten", "1.5", "99999999999", "9999999999", "-3676830249",
                " 500 ", "+5", "05", " ", "\u0665"}) {
            assertThatThrownBy(() -> parameters.coinsQuery(bad, null, null, null)).as(bad)
                    .isInstanceOfSatisfying(InvalidQueryException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_limit"));
        }
    }

    @Test
    void aCursorIsThePositionItWasMadeFromAndNothingElseIsACursor() {
        CoinsQuery.Position ranked = new CoinsQuery.Position(42, "usd-coin");
        CoinsQuery.Position unranked = new CoinsQuery.Position(CoinsQuery.Position.UNRANKED, "polygon-ecosystem-token");
        for (CoinsQuery.Position position : List.of(ranked, unranked)) {
            String cursor = CoinCursor.encode(position);
            assertThat(cursor).matches(CoinCursor.PATTERN);
            assertThat(parameters.coinsQuery(null, cursor, null, null).after()).contains(position);
        }
        assertThat(CoinCursor.encode(ranked)).isEqualTo("c2:42:usd-coin");
        assertThat(CoinCursor.encode(unranked)).isEqualTo("c2:u:polygon-ecosystem-token");
        // The base64 form of the first version is not taken any more.
        String firstVersion = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("c1:12:bitcoin".getBytes());
        for (String bad : new String[]{"abc", "!!", "c2:12:Bitcoin", "c1:12:bitcoin", firstVersion,
                CoinCursor.encode(ranked) + "/xy", " " + CoinCursor.encode(ranked), "c2:-1:bitcoin",
                "c2:9999999999999999999:btc"}) {
            assertThatThrownBy(() -> parameters.coinsQuery(null, bad, null, null)).as(bad)
                    .isInstanceOfSatisfying(InvalidQueryException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_cursor"));
        }
    }

    @Test
    void idsAreCheckedDeduplicatedAndBoundedBySearchIsAShortPrefix() {
        assertThat(parameters.coinsQuery(null, null, "bitcoin,ethereum,bitcoin", null).ids())
                .containsExactly("bitcoin", "ethereum");
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, "bitcoin, ethereum", null))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_coin_id"));
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, "bitcoin,Ethereum", null))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_coin_id"));
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, "bitcoin,,ethereum", null))
                .isInstanceOf(InvalidQueryException.class);
        String many = String.join(",", java.util.stream.IntStream.range(0, 501).mapToObj(i -> "coin-" + i).toList());
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, many, null))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_filter"));
        // As many ids as the document's maxItems counts, repeated ones included.
        String repeated = String.join(",", java.util.Collections.nCopies(501, "bitcoin"));
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, repeated, null))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_filter"));
        assertThat(parameters.coinsQuery(null, null, null, " Bit ").search()).contains(" Bit ");
        // Characters as JSON Schema counts them: 50 coins of the astral plane are 100 UTF-16 units.
        assertThat(parameters.coinsQuery(null, null, null, "\uD83E\uDE99".repeat(50)).search()).isPresent();
        for (String bad : new String[]{"b".repeat(51), "bit\ncoin", "\uD83E\uDE99".repeat(51), "bit\u0085"}) {
            assertThatThrownBy(() -> parameters.coinsQuery(null, null, null, bad))
                    .isInstanceOfSatisfying(InvalidQueryException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_filter"));
        }
    }

    private static QueryConfig config(int maxPoints, int maxDays) {
        return new QueryLimits(maxPoints, maxDays, Duration.ofSeconds(5));
    }
}
