package io.featurizer.core.book;

import io.featurizer.core.event.BookUpdate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tick-indexed ladder against a naive TreeMap reference ({@link PriceLadderTest.RefSide}): random
 * grids (decimals), random updates around a random price, sizes including deletes and repeats, some
 * prices off the grid (finer decimals: one on a tick another price holds sends the side to its sorted
 * layout) and prices far enough to make it grow, with and without a rank limit. After every set: the
 * returned rank, whether it was structural, and every level in rank order, bit for bit; at the end a
 * snapshot written and restored.
 */
class TickLadderPropertyTest {

    /** One update: a price as a decimal (units of 10^-scale), a size (0 deletes). */
    record Op(long units, int extraDecimals, double size) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> near = Arbitraries.longs().between(-60, 60);
        Arbitrary<Long> far = Arbitraries.longs().between(-30_000, 30_000);
        Arbitrary<Long> units = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, near), net.jqwik.api.Tuple.of(1, far));
        Arbitrary<Integer> extra = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.just(0)), net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3)));
        Arbitrary<Double> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0.0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(1.5)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 5000).map(i -> i / 1000.0)));
        return Combinators.combine(units, extra, size).as(Op::new).list().ofMinSize(1).ofMaxSize(300);
    }

    /** The double a decimal parser gives for {@code units × 10^-decimals} around {@code center}. */
    static double price(long center, long units, int decimals) {
        return new BigDecimal(center + units).movePointLeft(decimals).doubleValue();
    }

    @Property(tries = 300)
    void sameAsTreeMap(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 0, max = 6) int decimals,
                       @ForAll @IntRange(min = 1, max = 9_000_000) int center, @ForAll boolean bids,
                       @ForAll @IntRange(min = 0, max = 40) int rankLimit) throws IOException {
        PriceLadder ladder = bids ? PriceLadder.bids() : PriceLadder.asks();
        ladder.clear(decimals);
        int limit = rankLimit == 0 ? PriceLadder.NO_CHANGE : rankLimit; // 0: exact ranks
        ladder.limitRanks(limit);
        PriceLadderTest.RefSide ref = new PriceLadderTest.RefSide(bids);
        int done = 0;
        for (Op op : ops) {
            if (done++ == ops.size() / 2) { // a new limit half way: the boundary is placed again
                limit = 1 + rankLimit % 7;
                ladder.limitRanks(limit);
            }
            // extra decimals: a price between grid points (units not a multiple of 10^extra are off the grid)
            long scaledCenter = center * pow10(op.extraDecimals());
            double p = price(scaledCenter, op.units(), decimals + op.extraDecimals());
            boolean existed = ref.levels.containsKey(p);
            int exact = ref.set(p, op.size());
            int expected = exact == PriceLadder.NO_CHANGE ? exact : Math.min(exact, limit);
            int actual = ladder.set(p, op.size());
            assertEquals(expected, actual, "rank of set(" + p + ", " + op.size() + ")");
            if (expected != PriceLadder.NO_CHANGE) {
                assertEquals(op.size() == 0 ? existed : !existed, ladder.lastSetWasStructural(), "structural");
            }
            assertSameBits(ref, ladder);
        }
        PriceLadder restored = bids ? PriceLadder.bids() : PriceLadder.asks();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ladder.snapshot(new DataOutputStream(bytes));
        restored.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertSameBits(ref, restored);
        assertSameBits(ref, ladder); // writing a snapshot changes nothing
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** Every level in rank order, prices and sizes bit for bit; read twice, forwards, so the cursor is used and reset. */
    static void assertSameBits(PriceLadderTest.RefSide ref, PriceLadder ladder) {
        assertEquals(ref.levels.size(), ladder.count(), "count");
        for (int pass = 0; pass < 2; pass++) {
            int rank = 0;
            for (Map.Entry<Double, Double> e : ref.levels.entrySet()) {
                assertEquals(Double.doubleToRawLongBits(e.getKey()), Double.doubleToRawLongBits(ladder.price(rank)), "price at rank " + rank);
                assertEquals(Double.doubleToRawLongBits(e.getValue()), Double.doubleToRawLongBits(ladder.size(rank)), "size at rank " + rank);
                rank++;
            }
        }
        int n = ref.levels.size();
        for (int from = 0; from <= n; from += 1 + n / 3) { // one pass from a rank to the end, into arrays holding stale values
            double[] p = new double[n];
            double[] s = new double[n];
            java.util.Arrays.fill(p, -1);
            boolean changed = ladder.copyInto(from, n, p, s);
            assertEquals(from < n, changed, "copyInto reports the values it wrote");
            int rank = 0;
            for (Map.Entry<Double, Double> e : ref.levels.entrySet()) {
                if (rank >= from) {
                    assertEquals(Double.doubleToRawLongBits(e.getKey()), Double.doubleToRawLongBits(p[rank]), "copyInto price at rank " + rank);
                    assertEquals(Double.doubleToRawLongBits(e.getValue()), Double.doubleToRawLongBits(s[rank]), "copyInto size at rank " + rank);
                }
                rank++;
            }
            assertEquals(false, ladder.copyInto(from, n, p, s), "nothing differs the second time");
        }
        if (ref.levels.size() > 2) { // out of order: the cursor walks again from the best
            assertEquals(Double.doubleToRawLongBits(ref.levels.firstKey()), Double.doubleToRawLongBits(ladder.price(0)));
        }
    }

    @Test
    void gridIsLearnedFromTheSnapshot() {
        assertEquals(2, TickSize.decimals(new BookUpdate().reset(0, 0, true).addBid(39000.01, 1).addAsk(39000.1, 1)));
        assertEquals(1, TickSize.decimals(new BookUpdate().reset(0, 0, true).addBid(6421.5, 1).addAsk(6422, 1)));
        assertEquals(0, TickSize.decimals(new BookUpdate().reset(0, 0, true).addBid(6421, 1)));
        assertEquals(-1, TickSize.decimals(new BookUpdate().reset(0, 0, true).addBid(Math.PI, 1)), "no decimal grid: sorted");
        assertEquals(-1, TickSize.decimals(new BookUpdate().reset(0, 0, true)), "no levels: sorted");
    }

    @Test
    void bookIndexesByTickUntilAPriceIsOffTheGrid() {
        OrderBook book = new OrderBook();
        book.apply(new BookUpdate().reset(0, 0, true).addBid(100.01, 1).addBid(100.00, 2).addAsk(100.02, 3));
        assertFalse(book.bids().isTickIndexed(), "a shallow book stays in sorted arrays");
        book.apply(deep(new BookUpdate().reset(0, 0, true).addBid(100.01, 1).addBid(100.00, 2).addAsk(100.02, 3)));
        assertTrue(book.bids().isTickIndexed());
        assertTrue(book.asks().isTickIndexed());
        book.apply(new BookUpdate().reset(1, 1, false).addBid(100.005, 4));
        assertFalse(book.bids().isTickIndexed(), "half a tick, on a tick another level holds: sorted from here on");
        assertTrue(book.asks().isTickIndexed());
        assertEquals(100.01, book.bids().price(0));
        assertEquals(100.005, book.bids().price(1));
        assertEquals(100.0, book.bids().price(2));
        book.apply(deep(new BookUpdate().reset(2, 2, true).addBid(100.01, 1).addAsk(100.02, 3)));
        assertTrue(book.bids().isTickIndexed(), "the next snapshot learns the grid again");
        assertFalse(new OrderBook(false).bids().isTickIndexed());
    }

    /** Adds asks far above the others until the snapshot is deep enough for the tick layout. */
    private static BookUpdate deep(BookUpdate u) {
        for (int i = 0; i <= OrderBook.SORTED_UP_TO; i++) {
            u.addAsk(price(10_100, i, 2), 1); // 101.00, 101.01, ...: the double of each decimal
        }
        return u;
    }

    @Test
    void changesPastTheLimitAreNotReported() {
        OrderBook book = new OrderBook();
        book.limitRanks(2);
        book.apply(new BookUpdate().reset(0, 0, true).addBid(10.0, 1).addBid(9.0, 1).addBid(8.0, 1).addBid(7.0, 1));
        assertEquals(PriceLadder.NO_CHANGE, book.apply(new BookUpdate().reset(1, 1, false).addBid(7.0, 5)), "rank 3: past the limit, not reported");
        assertEquals(0, book.bidChanges().count());
        assertEquals(5.0, book.bids().size(3), "but applied");
        assertEquals(1, book.apply(new BookUpdate().reset(2, 2, false).addBid(9.0, 5).addBid(6.0, 1)));
        assertEquals(1, book.bidChanges().count(), "rank 1 recorded, the insert at rank 4 not");
        assertEquals(2, book.bids().set(5.0, 1), "the ladder reports a rank past the limit as the limit");
    }

    @Test
    void aBookTooWideForTheSlotsFallsBack() {
        PriceLadder asks = PriceLadder.asks();
        asks.clear(2);
        asks.set(1.00, 1);
        assertTrue(asks.isTickIndexed());
        assertEquals(1, asks.set(100_000.00, 2), "9,999,900 ticks away: more than the slots allowed");
        assertFalse(asks.isTickIndexed());
        assertEquals(0, asks.set(0.5, 3));
        assertEquals(List.of(0.5, 1.0, 100_000.0), List.of(asks.price(0), asks.price(1), asks.price(2)));
    }
}
