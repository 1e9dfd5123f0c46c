package io.featurizer.core.book;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PriceLadder against a TreeMap reference: bids best-first descending, asks best-first ascending. */
class PriceLadderTest {

    /** Reference side of a book: price -> size, iterated best first. */
    static final class RefSide {
        final TreeMap<Double, Double> levels;

        RefSide(boolean bids) {
            levels = new TreeMap<>(bids ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder());
        }

        /** Applies set(price, size) and returns the expected return value of PriceLadder.set. */
        int set(double price, double size) {
            Double old = levels.get(price);
            int rank = levels.headMap(price, false).size(); // levels strictly better than price
            if (old == null) {
                if (size == 0) {
                    return PriceLadder.NO_CHANGE;
                }
                levels.put(price, size);
                return rank;
            }
            if (size == 0) {
                levels.remove(price);
                return rank;
            }
            if (old == size) {
                return PriceLadder.NO_CHANGE;
            }
            levels.put(price, size);
            return rank;
        }
    }

    static void assertSame(RefSide ref, PriceLadder ladder, String what) {
        assertEquals(ref.levels.size(), ladder.count(), what + ": count");
        int rank = 0;
        for (Map.Entry<Double, Double> e : ref.levels.entrySet()) {
            assertEquals(e.getKey(), ladder.price(rank), 0.0, what + ": price at rank " + rank);
            assertEquals(e.getValue(), ladder.size(rank), 0.0, what + ": size at rank " + rank);
            rank++;
        }
    }

    private static double tickPrice(int tick) {
        return 100.0 + tick * 0.01; // the same tick always maps to the same double
    }

    private static void randomOps(boolean bids, long seed, int ops, int priceRange) {
        SplittableRandom r = new SplittableRandom(seed);
        PriceLadder ladder = bids ? PriceLadder.bids() : PriceLadder.asks();
        RefSide ref = new RefSide(bids);
        int maxCount = 0;
        for (int i = 0; i < ops; i++) {
            double price = tickPrice(r.nextInt(priceRange));
            double size;
            int kind = r.nextInt(10);
            if (kind < 3) {
                size = 0; // delete (sometimes of a missing level)
            } else if (kind == 3 && ref.levels.containsKey(price)) {
                size = ref.levels.get(price); // same size again
            } else {
                size = 1 + r.nextInt(20);
            }
            int expected = ref.set(price, size);
            int actual = ladder.set(price, size);
            assertEquals(expected, actual, "op " + i + " set(" + price + ", " + size + ")");
            maxCount = Math.max(maxCount, ladder.count());
            if (i % 7 == 0 || i == ops - 1) {
                assertSame(ref, ladder, "op " + i);
            }
        }
        assertSame(ref, ladder, "end");
        if (priceRange > 150) {
            assertEquals(true, maxCount > 64, "the test must grow the ladder past its initial 64 levels, max " + maxCount);
        }
    }

    @Test
    void randomBidOperationsMatchATreeMap() {
        randomOps(true, 1, 20_000, 40);
        randomOps(true, 2, 20_000, 400);
    }

    @Test
    void randomAskOperationsMatchATreeMap() {
        randomOps(false, 3, 20_000, 40);
        randomOps(false, 4, 20_000, 400);
    }

    @Test
    void bidsAreDescendingAndAsksAscendingFromTheBest() {
        PriceLadder bids = PriceLadder.bids();
        PriceLadder asks = PriceLadder.asks();
        for (double p : new double[] {10.0, 12.0, 11.0}) {
            bids.set(p, p / 10);
            asks.set(p, p / 10);
        }
        assertEquals(3, bids.count());
        assertEquals(12.0, bids.price(0));
        assertEquals(11.0, bids.price(1));
        assertEquals(10.0, bids.price(2));
        assertEquals(1.2, bids.size(0));
        assertEquals(10.0, asks.price(0));
        assertEquals(11.0, asks.price(1));
        assertEquals(12.0, asks.price(2));
        assertEquals(1.0, asks.size(0));
    }

    @Test
    void setReturnsTheRankThatChanged() {
        PriceLadder bids = PriceLadder.bids();
        assertEquals(0, bids.set(100.0, 1));          // first level: rank 0
        assertEquals(0, bids.set(101.0, 1));          // new best
        assertEquals(2, bids.set(99.0, 1));           // below both
        assertEquals(1, bids.set(100.0, 5));          // size change at rank 1
        assertEquals(PriceLadder.NO_CHANGE, bids.set(100.0, 5)); // same size
        assertEquals(PriceLadder.NO_CHANGE, bids.set(98.0, 0));  // delete a missing level
        assertEquals(0, bids.set(101.0, 0));          // delete the best: it had rank 0
        assertEquals(2, bids.count());
        assertEquals(100.0, bids.price(0));
        assertEquals(5.0, bids.size(0));
        assertEquals(1, bids.set(99.0, 0));           // delete the level at rank 1
        assertEquals(1, bids.count());

        PriceLadder asks = PriceLadder.asks();
        assertEquals(0, asks.set(100.0, 1));
        assertEquals(1, asks.set(101.0, 1));          // worse ask
        assertEquals(0, asks.set(99.5, 1));           // new best ask
        assertEquals(2, asks.set(101.0, 0));
        assertEquals(PriceLadder.NO_CHANGE, asks.set(101.0, 0));
    }

    @Test
    void growsFarBeyondSixtyFourLevelsOnBothEnds() {
        PriceLadder bids = PriceLadder.bids();
        PriceLadder asks = PriceLadder.asks();
        RefSide rb = new RefSide(true);
        RefSide ra = new RefSide(false);
        // interleave inserts at the best end and at the worst end
        for (int i = 0; i < 500; i++) {
            int tick = (i % 2 == 0) ? 1000 + i : 1000 - i;
            assertEquals(rb.set(tickPrice(tick), i + 1), bids.set(tickPrice(tick), i + 1));
            assertEquals(ra.set(tickPrice(tick), i + 1), asks.set(tickPrice(tick), i + 1));
        }
        assertEquals(500, bids.count());
        assertSame(rb, bids, "bids");
        assertSame(ra, asks, "asks");
        // remove every third level, then all of them
        for (int i = 0; i < 500; i += 3) {
            int tick = (i % 2 == 0) ? 1000 + i : 1000 - i;
            assertEquals(rb.set(tickPrice(tick), 0), bids.set(tickPrice(tick), 0));
            assertEquals(ra.set(tickPrice(tick), 0), asks.set(tickPrice(tick), 0));
        }
        assertSame(rb, bids, "bids after deletes");
        assertSame(ra, asks, "asks after deletes");
        bids.clear();
        assertEquals(0, bids.count());
        assertEquals(0, bids.set(5.0, 1)); // usable after clear
        assertEquals(5.0, bids.price(0));
    }

    @Test
    void snapshotRestoreRoundTrip() throws IOException {
        SplittableRandom r = new SplittableRandom(9);
        for (boolean isBids : new boolean[] {true, false}) {
            PriceLadder ladder = isBids ? PriceLadder.bids() : PriceLadder.asks();
            RefSide ref = new RefSide(isBids);
            for (int i = 0; i < 300; i++) {
                double p = tickPrice(r.nextInt(200));
                double s = 1 + r.nextInt(9);
                ref.set(p, s);
                ladder.set(p, s);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ladder.snapshot(new DataOutputStream(bytes));

            // restore into a fresh ladder (needs to grow) and into one that held other levels
            PriceLadder fresh = isBids ? PriceLadder.bids() : PriceLadder.asks();
            fresh.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            PriceLadder used = isBids ? PriceLadder.bids() : PriceLadder.asks();
            for (int i = 0; i < 1000; i++) {
                used.set(tickPrice(5000 + i), 3);
            }
            used.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertSame(ref, fresh, "fresh restore");
            assertSame(ref, used, "restore over a bigger ladder");

            // continuing after restore behaves like the original
            for (int i = 0; i < 2000; i++) {
                double p = tickPrice(r.nextInt(400));
                double s = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(9);
                int expected = ref.set(p, s);
                assertEquals(expected, fresh.set(p, s), "fresh op " + i);
                assertEquals(expected, used.set(p, s), "used op " + i);
            }
            assertSame(ref, fresh, "fresh after ops");
            assertSame(ref, used, "used after ops");
        }
    }
}
