package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;

/** Reads best bid and ask from either an {@code l2_snapshot} or a {@code ticker} event. */
final class BestPrices {
    private BestPrices() {
    }

    static boolean isTicker(Schema input) {
        return input.equals(Quote.SCHEMA);
    }

    static double bid(Event e, boolean ticker) {
        return ticker ? e.getDouble(Quote.BID_PRICE) : L2SnapshotFD.bestBid(e);
    }

    static double ask(Event e, boolean ticker) {
        return ticker ? e.getDouble(Quote.ASK_PRICE) : L2SnapshotFD.bestAsk(e);
    }

    /** Both sides present (a one-sided book has no mid or spread). */
    static boolean twoSided(Event e, boolean ticker) {
        return !Double.isNaN(bid(e, ticker)) && !Double.isNaN(ask(e, ticker));
    }
}
