package io.featurizer.core.definitions;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.MS;
import static io.featurizer.core.definitions.TestEvents.RECEIPT_LAG;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static io.featurizer.core.definitions.TestEvents.d;
import static io.featurizer.core.definitions.TestEvents.delta;
import static io.featurizer.core.definitions.TestEvents.l2;
import static io.featurizer.core.definitions.TestEvents.snapshot;
import static io.featurizer.core.definitions.TestEvents.snapshotFeature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class L2SnapshotFDTest {

    private static FeatureTestHarness harness(Map<String, ?> params) {
        return FeatureTestHarness.of(snapshotFeature(params));
    }

    @Test
    void snapshotThenDeltasKeepsLevelsBestFirst() {
        FeatureTestHarness h = harness(Map.of());
        long t0 = BASE + 100 * MS;
        // levels given out of order: the output must be sorted best first (bids descending, asks ascending)
        List<Event> out = h.push(0, snapshot(t0).addBid(99, 1).addBid(100, 2).addBid(98, 3)
                .addAsk(102, 1).addAsk(101, 2).addAsk(103, 1));
        assertEquals(List.of(l2(t0, t0 + RECEIPT_LAG, d(100, 99, 98), d(2, 1, 3), d(101, 102, 103), d(2, 1, 1))), out);

        long t1 = t0 + 5 * MS;
        out = h.push(0, delta(t1).addBid(100.5, 4).addAsk(102, 7));
        assertEquals(List.of(l2(t1, t1 + RECEIPT_LAG, d(100.5, 100, 99, 98), d(4, 2, 1, 3), d(101, 102, 103), d(2, 7, 1))), out);

        long t2 = t1 + 5 * MS;
        out = h.push(0, delta(t2).addAsk(100.75, 1).addBid(97, 9));
        assertEquals(List.of(l2(t2, t2 + RECEIPT_LAG, d(100.5, 100, 99, 98, 97), d(4, 2, 1, 3, 9),
                d(100.75, 101, 102, 103), d(1, 2, 7, 1))), out);
    }

    @Test
    void depthTruncatesEachSide() {
        FeatureTestHarness h = harness(Map.of("depth", 2));
        long t = BASE;
        List<Event> out = h.push(0, snapshot(t).addBid(100, 1).addBid(99, 2).addBid(98, 3).addBid(97, 4)
                .addAsk(101, 5).addAsk(102, 6).addAsk(103, 7));
        assertEquals(List.of(l2(t, t + RECEIPT_LAG, d(100, 99), d(1, 2), d(101, 102), d(5, 6))), out);
    }

    @Test
    void defaultDepthIs25() {
        FeatureTestHarness h = harness(Map.of());
        BookUpdate s = snapshot(BASE);
        for (int i = 0; i < 30; i++) {
            s.addBid(100 - i, 1).addAsk(101 + i, 2);
        }
        List<Event> out = h.push(0, s);
        assertEquals(1, out.size());
        assertEquals(25, out.get(0).arrayLength(L2SnapshotFD.BID_PRICES));
        assertEquals(25, out.get(0).arrayLength(L2SnapshotFD.ASK_SIZES));
        assertEquals(76.0, out.get(0).getArray(L2SnapshotFD.BID_PRICES)[24]);
        assertEquals(125.0, out.get(0).getArray(L2SnapshotFD.ASK_PRICES)[24]);
    }

    @Test
    void fullDepthMinusOneKeepsEveryLevel() {
        FeatureTestHarness h = harness(Map.of("depth", -1));
        BookUpdate s = snapshot(BASE);
        double[] bp = new double[70], bs = new double[70], ap = new double[70], as = new double[70];
        for (int i = 0; i < 70; i++) {
            s.addBid(1000 - i, i + 1).addAsk(1001 + i, 2 * i + 1);
            bp[i] = 1000 - i;
            bs[i] = i + 1;
            ap[i] = 1001 + i;
            as[i] = 2 * i + 1;
        }
        assertEquals(List.of(l2(BASE, BASE + RECEIPT_LAG, bp, bs, ap, as)), h.push(0, s));
        // a change at the 70th bid level is visible with the full book
        List<Event> out = h.push(0, delta(BASE + 1).addBid(931, 0.5));
        assertEquals(1, out.size());
        assertEquals(0.5, out.get(0).getArray(L2SnapshotFD.BID_SIZES)[69]);
    }

    @Test
    void sizeZeroDeletesALevelAndTheNextOneMovesUp() {
        FeatureTestHarness h = harness(Map.of("depth", 2));
        h.push(0, snapshot(BASE).addBid(100, 1).addBid(99, 2).addBid(98, 3).addAsk(101, 1).addAsk(102, 2).addAsk(103, 3));
        long t = BASE + SEC;
        List<Event> out = h.push(0, delta(t).addBid(100, 0).addAsk(102, 0));
        assertEquals(List.of(l2(t, t + RECEIPT_LAG, d(99, 98), d(2, 3), d(101, 103), d(1, 3))), out);
    }

    @Test
    void deltaBelowDepthEmitsNothingButIsKeptInTheBook() {
        FeatureTestHarness h = harness(Map.of("depth", 2));
        h.push(0, snapshot(BASE).addBid(100, 1).addBid(99, 2).addBid(98, 3).addAsk(101, 1).addAsk(102, 2));
        // rank 2 (third level) changes, a new 4th bid, a deep ask: none is in the top 2
        assertEquals(List.of(), h.push(0, delta(BASE + 1).addBid(98, 30).addBid(97, 4).addAsk(110, 1)));
        // deleting the best bid brings the changed level 98 (size 30) into the top 2
        long t = BASE + 2;
        assertEquals(List.of(l2(t, t + RECEIPT_LAG, d(99, 98), d(2, 30), d(101, 102), d(1, 2))),
                h.push(0, delta(t).addBid(100, 0)));
    }

    @Test
    void deltaThatChangesNothingEmitsNothing() {
        FeatureTestHarness h = harness(Map.of("depth", 5));
        h.push(0, snapshot(BASE).addBid(100, 1).addBid(99, 2).addAsk(101, 1));
        assertEquals(List.of(), h.push(0, delta(BASE + 1).addBid(100, 1)), "same size at the best bid");
        assertEquals(List.of(), h.push(0, delta(BASE + 2).addBid(99.5, 0).addAsk(105, 0)), "deleting absent levels");
        assertEquals(List.of(), h.push(0, delta(BASE + 3)), "an empty delta");
        // set and reset within one message: same top levels, a consecutive duplicate
        assertEquals(List.of(), h.push(0, delta(BASE + 4).addBid(100, 7).addBid(100, 1)));
        assertEquals(1, h.push(0, delta(BASE + 5).addBid(100, 2)).size());
    }

    @Test
    void deltasBeforeTheFirstSnapshotAreIgnored() {
        FeatureTestHarness h = harness(Map.of());
        assertEquals(List.of(), h.push(0, delta(BASE).addBid(100, 1).addAsk(101, 1)));
        assertEquals(List.of(), h.push(0, delta(BASE + 1).addBid(99, 5)));
        long t = BASE + 2;
        // the book is the snapshot only: neither 100 nor 99 from the earlier deltas
        assertEquals(List.of(l2(t, t + RECEIPT_LAG, d(98), d(1), d(102), d(3))),
                h.push(0, snapshot(t).addBid(98, 1).addAsk(102, 3)));
    }

    @Test
    void ignoredDeltasAreCountedAndTheCountSurvivesASnapshot() throws Exception {
        Feature f = snapshotFeature(Map.of());
        L2SnapshotFD.Operator op = (L2SnapshotFD.Operator) new L2SnapshotFD().createOperator(OperatorContext.of(f));
        List<Event> out = new ArrayList<>();
        op.onEvent(0, delta(BASE).addBid(100, 1), e -> out.add(e.copy()));
        op.onEvent(0, delta(BASE + 1).addAsk(101, 1), e -> out.add(e.copy()));
        op.onEvent(0, snapshot(BASE + 2).addBid(99, 1), e -> out.add(e.copy()));
        op.onEvent(0, delta(BASE + 3).addBid(98, 1), e -> out.add(e.copy()));
        assertEquals(2, op.deltasBeforeSnapshot());
        assertEquals(2, out.size());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        op.snapshot(new DataOutputStream(bytes));
        L2SnapshotFD.Operator restored = (L2SnapshotFD.Operator) new L2SnapshotFD().createOperator(OperatorContext.of(f));
        restored.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(2, restored.deltasBeforeSnapshot());
    }

    @Test
    void secondSnapshotReplacesTheBook() {
        FeatureTestHarness h = harness(Map.of());
        h.push(0, snapshot(BASE).addBid(100, 1).addBid(99, 2).addAsk(101, 1).addAsk(102, 2));
        h.push(0, delta(BASE + 1).addBid(98, 4));
        long t = BASE + 2;
        assertEquals(List.of(l2(t, t + RECEIPT_LAG, d(97), d(1), d(103, 104), d(5, 6))),
                h.push(0, snapshot(t).addBid(97, 1).addAsk(104, 6).addAsk(103, 5)));
        // an identical snapshot is a consecutive duplicate
        assertEquals(List.of(), h.push(0, snapshot(t + 1).addBid(97, 1).addAsk(103, 5).addAsk(104, 6)));
        // an empty snapshot empties the book
        assertEquals(List.of(l2(t + 2, t + 2 + RECEIPT_LAG, d(), d(), d(), d())), h.push(0, snapshot(t + 2)));
    }

    @Test
    void samplingOneSecondEmitsLastStateOfEachBucketWhenALaterBucketStarts() {
        FeatureTestHarness h = harness(Map.of("depth", 2, "sampling", "1s"));
        long b0 = BASE;
        assertEquals(List.of(), h.push(0, snapshot(b0 + 100 * MS).addBid(100, 1).addAsk(101, 1)));
        assertEquals(List.of(), h.push(0, delta(b0 + 500 * MS).addBid(100, 2)));
        assertEquals(List.of(), h.push(0, delta(b0 + 900 * MS).addAsk(100.5, 3)));
        // a message in the same bucket that changes nothing: the pending state stays the one of 900ms
        assertEquals(List.of(), h.push(0, delta(b0 + 999 * MS).addBid(100, 2)));
        long last0 = b0 + 900 * MS;
        FeatureEvent bucket0 = l2(last0, last0 + RECEIPT_LAG, d(100), d(2), d(100.5, 101), d(3, 1));
        // first message of bucket 1 (exactly on the boundary) releases bucket 0's last state
        assertEquals(List.of(bucket0), h.push(0, delta(b0 + SEC).addBid(99, 1)));
        assertEquals(List.of(), h.push(0, delta(b0 + SEC + 300 * MS).addBid(99, 4)));
        // a message in bucket 3 that changes nothing still releases bucket 1 (bucket 2 had no messages)
        long last1 = b0 + SEC + 300 * MS;
        FeatureEvent bucket1 = l2(last1, last1 + RECEIPT_LAG, d(100, 99), d(2, 4), d(100.5, 101), d(3, 1));
        assertEquals(List.of(bucket1), h.push(0, delta(b0 + 3 * SEC + 1).addBid(100, 2)));
        // nothing pending any more
        assertEquals(List.of(), h.push(0, delta(b0 + 5 * SEC).addBid(100, 2)));
        // a change deeper than depth does not start a pending state
        assertEquals(List.of(), h.push(0, delta(b0 + 5 * SEC + 1).addBid(90, 1).addBid(91, 1)));
        assertEquals(List.of(), h.push(0, delta(b0 + 7 * SEC).addBid(89, 1)));
    }

    @Test
    void skipAllKeepsTheBookAndEmitsNothing() {
        FeatureTestHarness h = harness(Map.of("sampling", "skip_all"));
        List<BookUpdate> in = TestEvents.randomBook(new Random(7), 500, BASE);
        assertEquals(List.of(), h.pushAll(in));
        assertEquals(List.of(), h.outputs());
    }

    @Test
    void rejectsBadParams() {
        assertThrows(IllegalArgumentException.class, () -> snapshotFeature(Map.of("depth", 0)));
        assertThrows(IllegalArgumentException.class, () -> snapshotFeature(Map.of("depth", -2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> snapshotFeature(Map.of("sampling", "sometimes")));
        assertTrue(e.getMessage().contains("sampling"), e.getMessage());
    }

    // ------------------------------------------------------------------ random vs reference

    /** Raw mode: an output exactly when the reference book's top levels differ from the last output. */
    static List<List<Event>> expectedRaw(List<BookUpdate> in, int depth) {
        TestEvents.RefBook ref = new TestEvents.RefBook();
        FeatureEvent last = null;
        List<List<Event>> out = new ArrayList<>();
        for (BookUpdate u : in) {
            List<Event> step = new ArrayList<>();
            if (ref.apply(u)) {
                FeatureEvent top = ref.top(depth, u.ts(), u.receiptTs());
                if (last == null || !top.sameValues(last)) {
                    step.add(top);
                    last = top;
                }
            }
            out.add(step);
        }
        return out;
    }

    /** Sampled mode: the last raw output of each bucket, released by the first message of a later bucket. */
    static List<List<Event>> expectedSampled(List<BookUpdate> in, int depth, long bucket) {
        List<List<Event>> raw = expectedRaw(in, depth);
        TestEvents.RefBook ref = new TestEvents.RefBook();
        Event pending = null;
        long pendingBucket = 0;
        List<List<Event>> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            BookUpdate u = in.get(i);
            List<Event> step = new ArrayList<>();
            if (ref.apply(u)) {
                if (pending != null && Math.floorDiv(u.ts(), bucket) > pendingBucket) {
                    step.add(pending);
                    pending = null;
                }
                if (!raw.get(i).isEmpty()) {
                    pending = raw.get(i).get(0);
                    pendingBucket = Math.floorDiv(u.ts(), bucket);
                }
            }
            out.add(step);
        }
        return out;
    }

    @Test
    void randomStreamsMatchAReferenceBook() {
        for (int depth : new int[] {1, 3, 5, 25, -1}) {
            for (long seed = 1; seed <= 3; seed++) {
                List<BookUpdate> in = TestEvents.randomBook(new Random(seed * 31 + depth), 3000, BASE);
                FeatureTestHarness h = harness(Map.of("depth", depth));
                List<List<Event>> actual = TestEvents.perInput(h, in);
                List<List<Event>> expected = expectedRaw(in, depth);
                for (int i = 0; i < in.size(); i++) {
                    assertEquals(expected.get(i), actual.get(i), "depth " + depth + ", seed " + seed + ", message " + i + ": " + in.get(i));
                }
                long emitted = expected.stream().filter(l -> !l.isEmpty()).count();
                assertTrue(emitted > 100 && emitted < in.size() - 100, "the stream should mix emitting and silent messages: " + emitted);
            }
        }
    }

    @Test
    void randomStreamsSampledMatchTheReference() {
        for (String sampling : new String[] {"1s", "500ms"}) {
            long bucket = sampling.equals("1s") ? SEC : 500 * MS;
            List<BookUpdate> in = TestEvents.randomBook(new Random(sampling.hashCode()), 3000, BASE + 123);
            FeatureTestHarness h = harness(Map.of("depth", 5, "sampling", sampling));
            List<List<Event>> actual = TestEvents.perInput(h, in);
            List<List<Event>> expected = expectedSampled(in, 5, bucket);
            for (int i = 0; i < in.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), sampling + ", message " + i);
            }
            assertTrue(expected.stream().filter(l -> !l.isEmpty()).count() > 100);
        }
    }

    // ------------------------------------------------------------------ snapshot / restore

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<BookUpdate> in = TestEvents.randomBook(new Random(42), 2000, BASE);
        TestEvents.assertRestoreMatches(snapshotFeature(Map.of("depth", 5)), in);
        TestEvents.assertRestoreMatches(snapshotFeature(Map.of("depth", -1)), in);
        TestEvents.assertRestoreMatches(snapshotFeature(Map.of("depth", 3, "sampling", "1s")), in);
    }

    @Test
    void restoreOfABookDeeperThanTheInitialLadderCapacity() {
        List<BookUpdate> in = new ArrayList<>();
        BookUpdate s = snapshot(BASE);
        for (int i = 0; i < 200; i++) {
            s.addBid(10_000 - i, 1 + i % 7).addAsk(10_001 + i, 1 + i % 5);
        }
        in.add(s);
        Random rnd = new Random(5);
        for (int i = 1; i < 400; i++) {
            BookUpdate u = delta(BASE + i * 10 * MS);
            // inserts and deletes all over the book, growing it past its restored size
            u.addBid(10_000 - rnd.nextInt(400) + 0.5 * rnd.nextInt(2), rnd.nextInt(3))
                    .addAsk(10_001 + rnd.nextInt(400) - 0.5 * rnd.nextInt(2), rnd.nextInt(3));
            in.add(u);
        }
        TestEvents.assertRestoreMatches(snapshotFeature(Map.of("depth", -1)), in);
        // and the full-depth outputs follow the reference book all the way
        Feature f = snapshotFeature(Map.of("depth", -1));
        List<List<Event>> actual = TestEvents.perInput(FeatureTestHarness.of(f), in);
        assertEquals(expectedRaw(in, -1), actual);
    }
}
