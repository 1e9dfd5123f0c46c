package io.featurizer.core.book;

import io.featurizer.core.book.PriceLadderTest.RefSide;
import io.featurizer.core.event.BookUpdate;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderBookTest {

    /** Reference book: two TreeMap sides; apply returns the expected min changed rank. */
    static final class RefBook {
        RefSide bids = new RefSide(true);
        RefSide asks = new RefSide(false);

        int apply(BookUpdate u) {
            int min = PriceLadder.NO_CHANGE;
            if (u.isSnapshot()) {
                bids = new RefSide(true);
                asks = new RefSide(false);
                min = 0;
            }
            for (int i = 0; i < u.bidCount(); i++) {
                min = Math.min(min, bids.set(u.bidPrice(i), u.bidSize(i)));
            }
            for (int i = 0; i < u.askCount(); i++) {
                min = Math.min(min, asks.set(u.askPrice(i), u.askSize(i)));
            }
            return min;
        }
    }

    static void assertBook(RefBook ref, OrderBook book, String what) {
        PriceLadderTest.assertSame(ref.bids, book.bids(), what + " bids");
        PriceLadderTest.assertSame(ref.asks, book.asks(), what + " asks");
    }

    private static double px(int tick) {
        return 50.0 + tick * 0.5;
    }

    private static BookUpdate randomUpdate(SplittableRandom r, long ts, boolean snapshot) {
        BookUpdate u = new BookUpdate().reset(ts, ts + 1, snapshot);
        int n = snapshot ? 1 + r.nextInt(90) : 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(snapshot ? 1 : 4);
            double size = kind == 0 ? 1 + r.nextInt(10) : kind == 1 ? 0 : 2; // sizes, deletes, repeats
            if (r.nextBoolean()) {
                u.addBid(px(r.nextInt(100)), size);
            } else {
                u.addAsk(px(100 + r.nextInt(100)), size);
            }
        }
        return u;
    }

    @Test
    void applyMatchesTheReferenceAndReturnsTheMinChangedRank() {
        SplittableRandom r = new SplittableRandom(17);
        OrderBook book = new OrderBook();
        RefBook ref = new RefBook();
        assertFalse(book.isInitialized());
        for (int i = 0; i < 20_000; i++) {
            BookUpdate u = randomUpdate(r, i, i == 0 || r.nextInt(500) == 0);
            int expected = ref.apply(u);
            assertEquals(expected, book.apply(u), "update " + i + ": " + u);
            if (i % 13 == 0) {
                assertBook(ref, book, "update " + i);
            }
        }
        assertTrue(book.isInitialized());
        assertBook(ref, book, "end");
    }

    @Test
    void handMadeUpdates() {
        OrderBook book = new OrderBook();
        BookUpdate u = new BookUpdate();
        u.reset(1, 1, true).addBid(100, 1).addBid(99, 2).addAsk(101, 3).addAsk(102, 4);
        assertEquals(0, book.apply(u));
        assertTrue(book.isInitialized());
        assertEquals(100.0, book.bids().price(0));
        assertEquals(101.0, book.asks().price(0));

        u.reset(2, 2, false).addAsk(102, 5);            // ask rank 1 changes
        assertEquals(1, book.apply(u));
        u.reset(3, 3, false).addBid(99, 7).addAsk(101.5, 1); // bid rank 1, new ask rank 1
        assertEquals(1, book.apply(u));
        u.reset(4, 4, false).addBid(98, 1).addAsk(100.5, 2); // bid rank 2, new best ask rank 0
        assertEquals(0, book.apply(u));
        u.reset(5, 5, false).addBid(99, 7).addAsk(103, 0); // same size, delete of a missing level
        assertEquals(PriceLadder.NO_CHANGE, book.apply(u));
        u.reset(6, 6, false);                              // empty delta
        assertEquals(PriceLadder.NO_CHANGE, book.apply(u));

        // a snapshot replaces the whole book, even levels it does not mention, and returns 0
        u.reset(7, 7, true).addBid(90, 1).addAsk(95, 1);
        assertEquals(0, book.apply(u));
        assertEquals(1, book.bids().count());
        assertEquals(1, book.asks().count());
        assertEquals(90.0, book.bids().price(0));
        assertEquals(95.0, book.asks().price(0));
        // an empty snapshot empties the book
        u.reset(8, 8, true);
        assertEquals(0, book.apply(u));
        assertEquals(0, book.bids().count());
        assertEquals(0, book.asks().count());
    }

    @Test
    void snapshotRestoreRoundTripThenContinue() throws IOException {
        SplittableRandom r = new SplittableRandom(23);
        OrderBook book = new OrderBook();
        RefBook ref = new RefBook();
        for (int i = 0; i < 3000; i++) {
            BookUpdate u = randomUpdate(r, i, i == 0);
            ref.apply(u);
            book.apply(u);
        }
        assertTrue(book.bids().count() + book.asks().count() > 64);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        book.snapshot(new DataOutputStream(bytes));

        OrderBook restored = new OrderBook();
        restored.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertTrue(restored.isInitialized());
        assertBook(ref, restored, "restored");

        for (int i = 0; i < 3000; i++) {
            BookUpdate u = randomUpdate(r, 3000 + i, r.nextInt(1000) == 0);
            int expected = ref.apply(u);
            assertEquals(expected, book.apply(u), "original, update " + i);
            assertEquals(expected, restored.apply(u), "restored, update " + i);
        }
        assertBook(ref, restored, "restored after continuing");
        assertBook(ref, book, "original after continuing");

        // an uninitialized book round-trips as uninitialized
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        new OrderBook().snapshot(new DataOutputStream(empty));
        OrderBook e = new OrderBook();
        e.restore(new DataInputStream(new ByteArrayInputStream(empty.toByteArray())));
        assertFalse(e.isInitialized());
        assertEquals(0, e.bids().count());
    }

    @Test
    void writeSnapshotWritesTheTopLevelsBestFirst() {
        OrderBook book = new OrderBook();
        book.apply(new BookUpdate().reset(1, 1, true)
                .addBid(99.0, 1).addBid(101.0, 2).addBid(100.0, 3)
                .addAsk(103.0, 4).addAsk(102.0, 5));
        book.apply(new BookUpdate().reset(2, 2, false).addBid(100.0, 0).addAsk(104.0, 6));
        // by hand: bids 101x2, 99x1; asks 102x5, 103x4, 104x6

        BookUpdate full = book.writeSnapshot(0, new BookUpdate().reset(7, 8, true));
        assertTrue(full.isSnapshot());
        assertEquals(7, full.ts());
        assertEquals(2, full.bidCount());
        assertEquals(101.0, full.bidPrice(0));
        assertEquals(2.0, full.bidSize(0));
        assertEquals(99.0, full.bidPrice(1));
        assertEquals(3, full.askCount());
        assertEquals(102.0, full.askPrice(0));
        assertEquals(104.0, full.askPrice(2));
        assertEquals(6.0, full.askSize(2));
        assertEquals(3, book.writeSnapshot(-1, new BookUpdate().reset(0, 0, true)).askCount());

        BookUpdate top1 = book.writeSnapshot(1, new BookUpdate().reset(0, 0, true));
        assertEquals(1, top1.bidCount());
        assertEquals(1, top1.askCount());
        assertEquals(101.0, top1.bidPrice(0));
        assertEquals(102.0, top1.askPrice(0));
        assertEquals(2, book.writeSnapshot(10, new BookUpdate().reset(0, 0, true)).bidCount());
    }
}
