package io.featurizer.core.book;

import io.featurizer.core.event.BookUpdate;

/**
 * Learns a book's price grid from a snapshot: the fewest decimals that write every price of the
 * message exactly (a price p has d decimals when {@code rint(p·10^d) / 10^d} is p's own double).
 * Venues quote on a decimal tick, so this is the tick's precision (0.01 for BTCUSDT); a finer tick
 * the snapshot did not show sends the ladder to its sorted layout at the first such price.
 */
public final class TickSize {
    /** The finest grid indexed by tick; finer prices use the sorted layout. */
    public static final int MAX_DECIMALS = 8;

    /** The {@code l2_book} param that configures the tick instead of learning it. */
    public static final String PARAM = "tick_size";

    private TickSize() {
    }

    /** Decimals of a configured tick (0.01 → 2, 0.5 → 1, 5 → 0), or -1 when it has more than MAX_DECIMALS. */
    public static int decimalsOf(double tick) {
        return decimals(tick, 0);
    }

    /** Decimals of the message's prices (0 to MAX_DECIMALS), or -1 when some price has more or the message has none. */
    public static int decimals(BookUpdate u) {
        int d = u.bidCount() + u.askCount() == 0 ? -1 : 0;
        for (int i = 0; i < u.bidCount() && d >= 0; i++) {
            d = decimals(u.bidPrice(i), d);
        }
        for (int i = 0; i < u.askCount() && d >= 0; i++) {
            d = decimals(u.askPrice(i), d);
        }
        return d;
    }

    /** Decimals of one price, trying from {@code from} up; -1 beyond MAX_DECIMALS. */
    static int decimals(double price, int from) {
        if (from < 0) {
            return -1;
        }
        for (int d = from; d <= MAX_DECIMALS; d++) {
            double scale = Math.pow(10, d);
            double r = Math.rint(price * scale);
            if (Math.abs(r) < 0x1p52 && Double.doubleToRawLongBits((long) r / scale) == Double.doubleToRawLongBits(price)) {
                return d;
            }
        }
        return -1;
    }
}
