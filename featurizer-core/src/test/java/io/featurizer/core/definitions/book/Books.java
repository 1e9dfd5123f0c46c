package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Hand-made l2_snapshot events, random books and harness helpers for the book features' tests. */
final class Books {
    static final long SEC = 1_000_000_000L;
    static final long MS = 1_000_000L;
    /** A multiple of one minute since the epoch. */
    static final long BASE = 1_700_000_040L * SEC;

    private Books() {
    }

    static Feature snapshot(int depth) {
        return Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", depth), Features.l2Book("BINANCE", "spot", "BTC-USDT"));
    }

    static Feature feature(String definition, Map<String, ?> params, int snapshotDepth) {
        return Features.feature(definition, params, snapshot(snapshotDepth));
    }

    static double[] d(double... v) {
        return v;
    }

    /** An l2_snapshot event: prices and sizes best first. */
    static FeatureEvent l2(long ts, double[] bidPrices, double[] bidSizes, double[] askPrices, double[] askSizes) {
        FeatureEvent e = new FeatureEvent(L2SnapshotFD.SCHEMA);
        e.setTimes(ts, ts + 7);
        fill(e, L2SnapshotFD.BID_PRICES, bidPrices);
        fill(e, L2SnapshotFD.BID_SIZES, bidSizes);
        fill(e, L2SnapshotFD.ASK_PRICES, askPrices);
        fill(e, L2SnapshotFD.ASK_SIZES, askSizes);
        return e;
    }

    /** A one-level book. */
    static FeatureEvent top(long ts, double bid, double bidSize, double ask, double askSize) {
        return l2(ts, d(bid), d(bidSize), d(ask), d(askSize));
    }

    private static void fill(FeatureEvent e, Schema.ArrayField field, double[] values) {
        System.arraycopy(values, 0, e.arrayForWrite(field, values.length), 0, values.length);
    }

    static double[] bidPrices(Event e) {
        return java.util.Arrays.copyOf(e.getArray(L2SnapshotFD.BID_PRICES), e.arrayLength(L2SnapshotFD.BID_PRICES));
    }

    static double[] bidSizes(Event e) {
        return java.util.Arrays.copyOf(e.getArray(L2SnapshotFD.BID_SIZES), e.arrayLength(L2SnapshotFD.BID_SIZES));
    }

    static double[] askPrices(Event e) {
        return java.util.Arrays.copyOf(e.getArray(L2SnapshotFD.ASK_PRICES), e.arrayLength(L2SnapshotFD.ASK_PRICES));
    }

    static double[] askSizes(Event e) {
        return java.util.Arrays.copyOf(e.getArray(L2SnapshotFD.ASK_SIZES), e.arrayLength(L2SnapshotFD.ASK_SIZES));
    }

    /**
     * Random l2_snapshot events of up to {@code maxLevels} levels a side: bids below 100 and asks above on a
     * 0.5 grid (so top prices move up, down or stay), sizes multiples of 1/8 (sums are exact in doubles),
     * now and then an empty side; gaps 0..maxGap ns, often 0 (ties).
     */
    static List<FeatureEvent> randomBooks(Random rnd, int n, int maxLevels, long maxGapNanos) {
        List<FeatureEvent> out = new ArrayList<>();
        long ts = BASE;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(4) == 0 ? 0 : (long) (rnd.nextDouble() * maxGapNanos);
            double bestBid = 100 - 0.5 * rnd.nextInt(4);
            double bestAsk = 100.5 + 0.5 * rnd.nextInt(4);
            int nb = rnd.nextInt(15) == 0 ? 0 : 1 + rnd.nextInt(maxLevels);
            int na = rnd.nextInt(15) == 0 ? 0 : 1 + rnd.nextInt(maxLevels);
            double[][] bids = side(rnd, nb, bestBid, -0.5);
            double[][] asks = side(rnd, na, bestAsk, 0.5);
            out.add(l2(ts, bids[0], bids[1], asks[0], asks[1]));
        }
        return out;
    }

    /**
     * Books that evolve as a real one does: each is the last with one edit: a size changed in place, a level inserted
     * or deleted (the levels below shift; at the top: a new best price), nothing at all (a duplicate), or now and then a whole new
     * book; up to {@code maxLevels} levels a side, prices on the 0.5 grid, sizes in 1/8, gaps as in {@link #randomBooks}.
     * Most levels stay as they were, so the features' skipping of unchanged levels is exercised.
     */
    static List<FeatureEvent> evolvingBooks(Random rnd, int n, int maxLevels, long maxGapNanos) {
        List<FeatureEvent> out = new ArrayList<>();
        List<FeatureEvent> fresh = randomBooks(rnd, n, maxLevels, maxGapNanos); // the times, and the whole new books
        List<double[]> bids = null;
        List<double[]> asks = null;
        for (int i = 0; i < n; i++) {
            FeatureEvent f = fresh.get(i);
            if (i == 0 || rnd.nextInt(12) == 0) {
                bids = levels(bidPrices(f), bidSizes(f));
                asks = levels(askPrices(f), askSizes(f));
            } else {
                boolean bidSide = rnd.nextBoolean();
                List<double[]> side = bidSide ? bids : asks;
                int edit = rnd.nextInt(5);
                if (edit == 0 && !side.isEmpty()) { // size in place
                    side.get(rnd.nextInt(side.size()))[1] = (1 + rnd.nextInt(40)) / 8.0;
                } else if (edit == 1 && side.size() < maxLevels) { // insert at a free grid price: the levels below shift
                    double price = bidSide ? 100 - 0.5 * rnd.nextInt(2 * maxLevels) : 100.5 + 0.5 * rnd.nextInt(2 * maxLevels);
                    if (side.stream().noneMatch(l -> l[0] == price)) {
                        int at = 0;
                        while (at < side.size() && (bidSide ? side.get(at)[0] > price : side.get(at)[0] < price)) {
                            at++;
                        }
                        side.add(at, new double[] {price, (1 + rnd.nextInt(40)) / 8.0});
                    }
                } else if (edit == 2 && !side.isEmpty()) { // delete
                    side.remove(rnd.nextInt(side.size()));
                } // else: a duplicate of the last book
            }
            out.add(l2(f.ts(), column(bids, 0), column(bids, 1), column(asks, 0), column(asks, 1)));
        }
        return out;
    }

    private static List<double[]> levels(double[] prices, double[] sizes) {
        List<double[]> l = new ArrayList<>();
        for (int k = 0; k < prices.length; k++) {
            l.add(new double[] {prices[k], sizes[k]});
        }
        return l;
    }

    private static double[] column(List<double[]> levels, int c) {
        return levels.stream().mapToDouble(l -> l[c]).toArray();
    }

    private static double[][] side(Random rnd, int n, double best, double step) {
        double[] p = new double[n];
        double[] q = new double[n];
        double price = best;
        for (int l = 0; l < n; l++) {
            p[l] = price;
            q[l] = (1 + rnd.nextInt(40)) / 8.0;
            price += step * (1 + rnd.nextInt(2));
        }
        return new double[][] {p, q};
    }

    /** One list of outputs per input. */
    static List<List<Event>> perInput(FeatureTestHarness h, List<? extends Event> in) {
        List<List<Event>> out = new ArrayList<>();
        for (Event e : in) {
            out.add(h.push(0, e));
        }
        return out;
    }

    /** Restoring a snapshot taken after any prefix continues with the same outputs. */
    static void assertRestoreMatches(Feature feature, List<? extends Event> inputs) {
        int n = inputs.size();
        for (int split : new int[] {1, n / 3, n / 2, n - 1}) {
            FeatureTestHarness original = FeatureTestHarness.of(feature);
            original.pushAll(inputs.subList(0, split));
            FeatureTestHarness restored = original.restoredCopy();
            List<Event> expected = original.pushAll(inputs.subList(split, n));
            List<Event> actual = restored.pushAll(inputs.subList(split, n));
            assertEquals(expected.size(), actual.size(), "outputs after restoring at " + split);
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    fail("restored at " + split + ", output " + i + ": " + expected.get(i) + " vs " + actual.get(i));
                }
            }
        }
    }

    /** |expected − actual| ≤ max(abs, rel·|expected|); NaN equals NaN. */
    static void assertClose(double expected, double actual, double rel, double abs, String message) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        double tol = Math.max(abs, rel * Math.abs(expected));
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(message + ": expected " + expected + " but was " + actual);
        }
    }
}
