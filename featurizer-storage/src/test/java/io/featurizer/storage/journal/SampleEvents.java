package io.featurizer.storage.journal;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;

/** Hand-made events for the journal tests; values are simple functions of {@code i} so a test can recompute them. */
final class SampleEvents {
    /** A feature schema with every field type. */
    static final Schema FEATURE = Schema.builder("mid_stats").addDouble("mid").addLong("count").addArray("weights").build();

    /** Frame sizes computed by hand from the payload layouts of Trade/BookUpdate.write (see FrameFormat). */
    static final int FRAME_OVERHEAD = 8 + 13;
    static final int TRADE_FRAME = FRAME_OVERHEAD + 8 + 8 + 1 + 8 + 8 + 8; // 62

    static int bookFrame(int bids, int asks) {
        return FRAME_OVERHEAD + 8 + 8 + 1 + 3 * 8 + 4 + bids * 16 + 4 + asks * 16;
    }

    private SampleEvents() {
    }

    static Trade trade(long i) {
        return new Trade().set(1_700_000_000_000_000_000L + i * 1000, 1_700_000_000_000_000_500L + i * 1000,
                i % 2 == 0 ? Side.BUY : Side.SELL, 100.0 + i * 0.5, 0.25 * (i % 7 + 1), 9000 + i);
    }

    static BookUpdate book(long i, int levels) {
        BookUpdate b = new BookUpdate().reset(1_700_000_000_000_000_000L + i * 1000, 1_700_000_000_000_000_700L + i * 1000, i == 0)
                .sequence(500 + i, 510 + i, 499 + i);
        for (int k = 0; k < levels; k++) {
            b.addBid(100.0 - k * 0.5, 1.0 + k + i);
            b.addAsk(100.5 + k * 0.5, 2.0 + k + i);
        }
        return b;
    }

    static FeatureEvent feature(long i) {
        FeatureEvent f = new FeatureEvent(FEATURE);
        f.setTimes(1_700_000_000_000_000_000L + i * 1000, 1_700_000_000_000_000_900L + i * 1000);
        f.set(0, 100.25 + i).setLong(1, 40 + i);
        double[] w = f.arrayForWrite(2, 3);
        w[0] = 0.5;
        w[1] = 0.25 * i;
        w[2] = -1.0;
        return f;
    }
}
