package io.featurizer.offline.microprice;

import io.featurizer.core.definitions.book.MicroPriceTable;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.microprice.MicroPriceFit.Top;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroPriceFitTest {
    @TempDir
    Path dir;

    // tick 1, one spread state, two buckets: H (imbalance 0.75, bucket 1) and L (0.25, bucket 0)
    static final Top H = new Top(100, 3, 101, 1);
    static final Top L = new Top(100, 1, 101, 3);

    static void add(MicroPriceFit fit, Top from, Top to, int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(fit.add(from, to));
        }
    }

    /**
     * From H (after mirroring, L is H upside down): stay in H with q_s = 3/7, go to L with q_o = 1/7, mid up one
     * tick into L with u = 2/7, mid down one tick into H with d = 1/7. G* is odd, G*(H) = −G*(L) = g, and
     * G¹ = (I − Q)⁻¹ r gives G¹(H) = (u − d) / (1 − q_s + q_o) = (1/7) / (5/7) = 1/5. B maps (1, −1) to
     * λ·(1, −1) with λ = (m_HH − m_HL) / (1 − q_s + q_o) = (1/7 − 2/7) / (5/7) = −1/5 (m: moves landing in H, L),
     * so G* = G¹ / (1 − λ) = (1/5) / (6/5) = 1/6 tick. The n-th term is (1/5)^(n+1): below 1e-12 from n = 17.
     */
    @Test
    void twoStateChainHasTheClosedFormFixedPoint() {
        MicroPriceFit fit = new MicroPriceFit(1.0, 1, 2);
        add(fit, H, H, 3);
        add(fit, H, L, 1);
        add(fit, H, new Top(101, 1, 102, 3), 2); // up one tick, into L
        add(fit, H, new Top(99, 3, 100, 1), 1); // down one tick, into H
        // dropped: a 2-tick spread (one state only), a 3-tick mid jump, an empty side
        assertFalse(fit.add(H, new Top(100, 3, 102, 1)));
        assertFalse(fit.add(H, new Top(103, 3, 104, 1)));
        assertFalse(fit.add(new Top(Double.NaN, 0, 101, 1), H));
        assertEquals(7, fit.used());
        assertEquals(3, fit.dropped());
        MicroPriceTable t = fit.table();
        assertEquals(1.0 / 6, t.adjustment(1, 1), 1e-12);
        assertEquals(-1.0 / 6, t.adjustment(1, 0), 1e-12);
        assertEquals(7, t.observations(1, 1), "7 from H, none of them mirrored from L");
        assertEquals(7, t.observations(1, 0), "the 7 mirrored");
        assertEquals(17, t.iterations());
        assertTrue(Double.isNaN(t.adjustment(2, 0)), "outside the table");
    }

    /**
     * From H: stay (1/3), up into H (1/3), up into L (1/3). The moves land in H and L alike, so λ = 0: G* = G¹ =
     * (2/3) / (1 − 1/3) = 1 tick, reached after one term; in price units with a tick of 0.5: 0.5.
     */
    @Test
    void movesLandingEvenlyNeedOneTerm() {
        MicroPriceFit fit = new MicroPriceFit(0.5, 1, 2);
        Top h = new Top(100, 3, 100.5, 1);
        add(fit, h, h, 1);
        add(fit, h, new Top(100.5, 3, 101, 1), 1);
        add(fit, h, new Top(100.5, 1, 101, 3), 1);
        MicroPriceTable t = fit.table();
        assertEquals(0.5, t.adjustment(1, 1), 1e-12);
        assertEquals(-0.5, t.adjustment(1, 0), 1e-12);
        assertEquals(1, t.iterations());
    }

    @Test
    void badSettingsAndNoDataAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> new MicroPriceFit(0, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> new MicroPriceFit(0.01, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new MicroPriceFit(0.01, 2, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MicroPriceFit(0.01, 2, 10).table());
        assertTrue(e.getMessage().contains("no usable"), e.getMessage());
    }

    /**
     * Every mid move flips H and L: λ = (0 − 2/5) / (2/5) = −1, the terms alternate forever and there is no
     * fixed point. An error, not a table.
     */
    @Test
    void aPeriodicChainHasNoFixedPoint() {
        MicroPriceFit fit = new MicroPriceFit(1.0, 1, 2);
        add(fit, H, H, 3);
        add(fit, H, new Top(101, 1, 102, 3), 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, fit::table);
        assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
    }

    /** The table round-trips through its CSV. */
    @Test
    void tableCsvRoundTrips() {
        MicroPriceFit fit = new MicroPriceFit(1.0, 1, 2);
        add(fit, H, H, 3);
        add(fit, H, new Top(101, 1, 102, 3), 2);
        add(fit, H, new Top(99, 3, 100, 1), 1);
        MicroPriceTable t = fit.table();
        MicroPriceTable back = MicroPriceTable.parse(t.toCsv());
        assertEquals(t.toCsv(), back.toCsv());
        assertEquals(t.adjustment(1, 1), back.adjustment(1, 1));
    }

    /** Over a recorded book: the fit sees each top-of-book change once, in order, like adding the tops by hand. */
    @Test
    void fitsOverAStoredBook() {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Random rnd = new Random(4);
        List<Top> tops = new ArrayList<>();
        long t0 = 1_700_000_040_000_000_000L;
        try (Storage storage = Storage.open(dir.resolve("store"))) {
            try (Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(500))) {
                double bid = 100;
                for (int i = 0; i < 3000; i++) {
                    bid += 0.5 * (rnd.nextInt(3) - 1);
                    double ask = bid + 0.5 * (1 + rnd.nextInt(2));
                    Top top = new Top(bid, 1 + rnd.nextInt(5), ask, 1 + rnd.nextInt(5));
                    BookUpdate u = new BookUpdate().reset(t0 + i * 1_000_000L, t0 + i * 1_000_000L + 9, true)
                            .addBid(top.bid(), top.bidSize()).addBid(top.bid() - 5, 1).addAsk(top.ask(), top.askSize());
                    recorder.callback(book).onEvent(book, u);
                    if (tops.isEmpty() || !tops.get(tops.size() - 1).equals(top)) {
                        tops.add(top);
                    }
                }
            }
            MicroPriceFit expected = new MicroPriceFit(0.5, 2, 4);
            for (int i = 1; i < tops.size(); i++) {
                expected.add(tops.get(i - 1), tops.get(i));
            }
            MicroPriceFit fit = StoredBookFit.run(storage, book, Long.MIN_VALUE, Long.MAX_VALUE, MergeOrder.RECEIPT_TIME, new MicroPriceFit(0.5, 2, 4));
            assertEquals(expected.used(), fit.used());
            assertEquals(expected.dropped(), fit.dropped());
            assertTrue(fit.used() > 2000, "used " + fit.used());
            MicroPriceTable table = fit.table();
            assertEquals(expected.table().toCsv(), table.toCsv());
            for (int s = 1; s <= 2; s++) {
                for (int b = 0; b < 4; b++) {
                    assertEquals(-table.adjustment(s, 3 - b), table.adjustment(s, b), 1e-12, "symmetric: spread " + s + ", bucket " + b);
                }
            }
        }
    }
}
