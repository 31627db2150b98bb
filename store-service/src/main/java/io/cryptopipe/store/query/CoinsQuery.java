package io.cryptopipe.store.query;

import java.util.List;
import java.util.Optional;

/**
 * A checked request for one page of {@code GET /api/coins}.
 *
 * @param limit  coins on the page
 * @param after  the position the page starts after (from the previous page's cursor), or empty for the first page
 * @param ids    only these coins, or empty for every coin
 * @param search only coins whose symbol or name starts with this text, ignoring case, or empty for no such filter
 */
public record CoinsQuery(int limit, Optional<Position> after, List<String> ids, Optional<String> search) {

    public CoinsQuery {
        ids = List.copyOf(ids);
    }

    /**
     * A place in the order of the list: by {@code rankOrder} (the rank, or {@link #UNRANKED} for a coin without one,
     * so that those come last), then by coin id, which is unique and so breaks every tie.
     */
    public record Position(long rankOrder, String coinId) {

        /** Where coins without a market-cap rank sort: after every ranked coin. */
        public static final long UNRANKED = Long.MAX_VALUE;
    }
}
