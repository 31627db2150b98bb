package io.cryptopipe.store.service;

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
        assertThat(parameters.coinsQuery("1", "", "", " ").limit()).isEqualTo(1);
        assertThat(parameters.coinsQuery(" 500 ", null, null, null).limit()).isEqualTo(500);
        for (String bad : new String[]{"0", "-1", "501", "ten", "1.5", "99999999999"}) {
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
            assertThat(cursor).matches("[A-Za-z0-9_-]+");
            assertThat(parameters.coinsQuery(null, cursor, null, null).after()).contains(position);
        }
        String base64 = java.util.Base64.getUrlEncoder().encodeToString("c1:12:Bitcoin".getBytes());
        String otherVersion = java.util.Base64.getUrlEncoder().encodeToString("c2:12:bitcoin".getBytes());
        for (String bad : new String[]{"abc", "!!", base64, otherVersion, CoinCursor.encode(ranked) + "xy",
                java.util.Base64.getUrlEncoder().encodeToString("c1:99999999999999999999:btc".getBytes())}) {
            assertThatThrownBy(() -> parameters.coinsQuery(null, bad, null, null)).as(bad)
                    .isInstanceOfSatisfying(InvalidQueryException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_cursor"));
        }
    }

    @Test
    void idsAreCheckedDeduplicatedAndBoundedBySearchIsAShortPrefix() {
        assertThat(parameters.coinsQuery(null, null, "bitcoin, ethereum,bitcoin", null).ids())
                .containsExactly("bitcoin", "ethereum");
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, "bitcoin,Ethereum", null))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_coin_id"));
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, "bitcoin,,ethereum", null))
                .isInstanceOf(InvalidQueryException.class);
        String many = String.join(",", java.util.stream.IntStream.range(0, 501).mapToObj(i -> "coin-" + i).toList());
        assertThatThrownBy(() -> parameters.coinsQuery(null, null, many, null))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_filter"));
        assertThat(parameters.coinsQuery(null, null, null, " Bit ").search()).contains("Bit");
        for (String bad : new String[]{"b".repeat(51), "bit\ncoin"}) {
            assertThatThrownBy(() -> parameters.coinsQuery(null, null, null, bad))
                    .isInstanceOfSatisfying(InvalidQueryException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_filter"));
        }
    }

    private static QueryConfig config(int maxPoints, int maxDays) {
        return new QueryConfig() {
            @Override
            public int maxPoints() {
                return maxPoints;
            }

            @Override
            public int maxDays() {
                return maxDays;
            }

            @Override
            public Duration dashboardRefresh() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int coinsPageSize() {
                return 100;
            }

            @Override
            public int maxCoinsPageSize() {
                return 500;
            }

            @Override
            public Duration maxTime() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
