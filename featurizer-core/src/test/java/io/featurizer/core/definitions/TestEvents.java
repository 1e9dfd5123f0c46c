package io.featurizer.core.definitions;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared helpers for the definitions' tests: event builders, random input streams, an independent
 * TreeMap-based reference order book, harness chaining and the snapshot/restore check.
 * Nothing here calls the code under test to compute an expected value.
 */
final class TestEvents {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;
    static final long MIN = 60 * SEC;
    /** 2023-11-14T22:14:00Z: a multiple of one minute (so also of 1s, 10s) since the epoch. */
    static final long BASE = 1_700_000_040L * SEC;
    /** Offset of receiptTs from ts in the events built here, so tests see which one is propagated. */
    static final long RECEIPT_LAG = 1_234;

    private TestEvents() {
    }

    // ---------------------------------------------------------------- features

    static Feature book() {
        return Features.l2Book("BINANCE", "spot", "BTC-USDT");
    }

    static Feature trades() {
        return Features.trades("BINANCE", "spot", "BTC-USDT");
    }

    static Feature ticker() {
        return Features.ticker("BINANCE", "spot", "BTC-USDT");
    }

    static Feature snapshotFeature(Map<String, ?> params) {
        return Features.feature("l2_book.l2_snapshot_fd", params, book());
    }

    static Feature midOverBook(int depth) {
        return Features.feature("price.mid_price_fd", Map.of(), snapshotFeature(Map.of("depth", depth)));
    }

    // ---------------------------------------------------------------- events

    static BookUpdate snapshot(long ts) {
        return new BookUpdate().reset(ts, ts + RECEIPT_LAG, true);
    }

    static BookUpdate delta(long ts) {
        return new BookUpdate().reset(ts, ts + RECEIPT_LAG, false);
    }

    static Trade buy(long ts, double price, double amount) {
        return new Trade().set(ts, ts + RECEIPT_LAG, Side.BUY, price, amount, ts);
    }

    static Trade sell(long ts, double price, double amount) {
        return new Trade().set(ts, ts + RECEIPT_LAG, Side.SELL, price, amount, ts);
    }

    static Quote quote(long ts, double bid, double bidSize, double ask, double askSize) {
        return new Quote().set(ts, ts + RECEIPT_LAG, bid, bidSize, ask, askSize);
    }

    /** A one-double event of {@code schema} (e.g. a mid price), with receiptTs = ts + RECEIPT_LAG. */
    static FeatureEvent scalar(Schema schema, long ts, double value) {
        return scalar(schema, ts, ts + RECEIPT_LAG, value);
    }

    static FeatureEvent scalar(Schema schema, long ts, long receiptTs, double value) {
        FeatureEvent e = new FeatureEvent(schema);
        e.setTimes(ts, receiptTs);
        e.set(0, value);
        return e;
    }

    static double[] d(double... v) {
        return v;
    }

    /** An expected l2_snapshot output, built field by field. */
    static FeatureEvent l2(long ts, long receiptTs, double[] bidPrices, double[] bidSizes, double[] askPrices, double[] askSizes) {
        FeatureEvent e = new FeatureEvent(L2SnapshotFD.SCHEMA);
        e.setTimes(ts, receiptTs);
        fill(e, L2SnapshotFD.BID_PRICES, bidPrices);
        fill(e, L2SnapshotFD.BID_SIZES, bidSizes);
        fill(e, L2SnapshotFD.ASK_PRICES, askPrices);
        fill(e, L2SnapshotFD.ASK_SIZES, askSizes);
        return e;
    }

    private static void fill(FeatureEvent e, Schema.ArrayField field, double[] values) {
        double[] a = e.arrayForWrite(field, values.length);
        System.arraycopy(values, 0, a, 0, values.length);
    }

    // ---------------------------------------------------------------- random streams

    /**
     * Random L2 messages: a few deltas before the first snapshot, then mostly deltas of 1-4 levels
     * (about a quarter of them deletes, some deleting absent levels, some re-setting the same size),
     * with an occasional fresh snapshot. Prices lie on a 0.25 grid, bids in [80, 100], asks in
     * [100.25, 120]; timestamps increase by 0..700ms (sometimes 0).
     */
    static List<BookUpdate> randomBook(Random rnd, int n, long start) {
        List<BookUpdate> out = new ArrayList<>();
        long ts = start;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(700) * MS + rnd.nextInt(1000);
            boolean snap = i == 3 || (i > 3 && rnd.nextInt(150) == 0);
            BookUpdate u = new BookUpdate().reset(ts, ts + RECEIPT_LAG + rnd.nextInt(50), snap);
            if (snap) {
                int nb = 1 + rnd.nextInt(40);
                int na = rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(40);
                for (int k = 0; k < nb; k++) {
                    u.addBid(bidPrice(rnd), 1 + rnd.nextInt(9));
                }
                for (int k = 0; k < na; k++) {
                    u.addAsk(askPrice(rnd), 1 + rnd.nextInt(9));
                }
            } else {
                int levels = 1 + rnd.nextInt(4);
                for (int k = 0; k < levels; k++) {
                    boolean bid = rnd.nextBoolean();
                    // bias towards the top of the book so many deltas reach the visible levels
                    double p = bid ? 100 - 0.25 * Math.min(rnd.nextInt(81), rnd.nextInt(81))
                            : 100.25 + 0.25 * Math.min(rnd.nextInt(80), rnd.nextInt(80));
                    double size = rnd.nextInt(4) == 0 ? 0 : 0.5 * (1 + rnd.nextInt(6));
                    if (bid) {
                        u.addBid(p, size);
                    } else {
                        u.addAsk(p, size);
                    }
                }
            }
            out.add(u);
        }
        return out;
    }

    private static double bidPrice(Random rnd) {
        return 100 - 0.25 * rnd.nextInt(81);
    }

    private static double askPrice(Random rnd) {
        return 100.25 + 0.25 * rnd.nextInt(80);
    }

    /** Random trades: prices a random walk around 30000 (cents), amounts in (0, 2], gaps 0..maxGap ns. */
    static List<Trade> randomTrades(Random rnd, int n, long start, long maxGapNanos) {
        List<Trade> out = new ArrayList<>();
        long ts = start;
        long cents = 3_000_000;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(6) == 0 ? 0 : (long) (rnd.nextDouble() * maxGapNanos);
            cents += rnd.nextInt(201) - 100;
            double amount = (1 + rnd.nextInt(2000)) / 1000.0;
            int side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
            out.add(new Trade().set(ts, ts + RECEIPT_LAG + rnd.nextInt(100), side, cents / 100.0, amount, i));
        }
        return out;
    }

    /** A random walk of one-double events of {@code schema} around 30000 (steps of 0..±1.00, sometimes 0). */
    static List<FeatureEvent> randomWalk(Schema schema, Random rnd, int n, long start, long maxGapNanos) {
        List<FeatureEvent> out = new ArrayList<>();
        long ts = start;
        long cents = 3_000_000;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(10) == 0 ? 0 : (long) (rnd.nextDouble() * maxGapNanos);
            cents += rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(201) - 100;
            out.add(scalar(schema, ts, ts + RECEIPT_LAG + rnd.nextInt(100), cents / 100.0));
        }
        return out;
    }

    // ---------------------------------------------------------------- reference book

    /** An independent order book on TreeMaps: snapshot replaces, size 0 deletes, deltas before a snapshot are ignored. */
    static final class RefBook {
        final TreeMap<Double, Double> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<Double, Double> asks = new TreeMap<>();
        boolean initialized;

        /** Applies the message; false when it was ignored (delta before the first snapshot). */
        boolean apply(BookUpdate u) {
            if (u.isSnapshot()) {
                bids.clear();
                asks.clear();
                initialized = true;
            } else if (!initialized) {
                return false;
            }
            for (int i = 0; i < u.bidCount(); i++) {
                set(bids, u.bidPrice(i), u.bidSize(i));
            }
            for (int i = 0; i < u.askCount(); i++) {
                set(asks, u.askPrice(i), u.askSize(i));
            }
            return true;
        }

        private static void set(TreeMap<Double, Double> side, double price, double size) {
            if (size == 0) {
                side.remove(price);
            } else {
                side.put(price, size);
            }
        }

        /** The top {@code depth} levels per side (-1: all) as an l2_snapshot event. */
        FeatureEvent top(int depth, long ts, long receiptTs) {
            List<double[]> b = levels(bids, depth);
            List<double[]> a = levels(asks, depth);
            return l2(ts, receiptTs, b.get(0), b.get(1), a.get(0), a.get(1));
        }

        private static List<double[]> levels(TreeMap<Double, Double> side, int depth) {
            int n = depth < 0 ? side.size() : Math.min(depth, side.size());
            double[] p = new double[n];
            double[] s = new double[n];
            int i = 0;
            for (Map.Entry<Double, Double> e : side.entrySet()) {
                if (i == n) {
                    break;
                }
                p[i] = e.getKey();
                s[i++] = e.getValue();
            }
            return List.of(p, s);
        }

        double bestBid() {
            return bids.isEmpty() ? Double.NaN : bids.firstKey();
        }

        double bestAsk() {
            return asks.isEmpty() ? Double.NaN : asks.firstKey();
        }
    }

    // ---------------------------------------------------------------- harness helpers

    /** Pushes every input into {@code h}; returns the outputs caused by each input, one list per input. */
    static List<List<Event>> perInput(FeatureTestHarness h, List<? extends Event> inputs) {
        List<List<Event>> out = new ArrayList<>();
        for (Event e : inputs) {
            out.add(h.push(0, e));
        }
        return out;
    }

    /** Runs {@code inputs} through {@code feature} (a fresh harness) and returns all outputs. */
    static List<Event> run(Feature feature, List<? extends Event> inputs) {
        return FeatureTestHarness.of(feature).pushAll(inputs);
    }

    /**
     * The snapshot/restore contract: for several split points, pushes the first part into a harness,
     * takes {@code restoredCopy()}, then pushes the rest into both; their outputs must be equal
     * (timestamps and values bit for bit) and not empty.
     */
    static void assertRestoreMatches(Feature feature, List<? extends Event> inputs) {
        int n = inputs.size();
        for (int split : new int[] {1, n / 3, n / 2, (2 * n) / 3, n - 1}) {
            FeatureTestHarness original = FeatureTestHarness.of(feature);
            original.pushAll(inputs.subList(0, split));
            FeatureTestHarness restored = original.restoredCopy();
            List<? extends Event> rest = inputs.subList(split, n);
            List<Event> expected = original.pushAll(rest);
            List<Event> actual = restored.pushAll(rest);
            if (split == n / 2) {
                assertFalse(expected.isEmpty(), "the second half should produce outputs for the check to mean anything");
            }
            assertEquals(expected.size(), actual.size(), "number of outputs after restoring at input " + split);
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    fail("after restoring at input " + split + ", output " + i + " differs:\n  original: " + expected.get(i)
                            + "\n  restored: " + actual.get(i));
                }
            }
        }
    }

    /** |expected - actual| <= max(abs, rel * |expected|). */
    static void assertClose(double expected, double actual, double rel, double abs, String message) {
        double tol = Math.max(abs, rel * Math.abs(expected));
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(message + ": expected " + expected + " but was " + actual + " (diff " + (actual - expected) + ", tolerance " + tol + ")");
        }
    }
}
