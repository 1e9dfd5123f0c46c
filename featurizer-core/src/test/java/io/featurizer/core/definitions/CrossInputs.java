package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test kit of the cross-instrument definitions: mids of two instruments, inputs in a processing order, and a naive
 * reference of the grid-return statistics (every grid point closed one by one, two-pass mean and covariance over
 * the pairs in the window) that shares nothing with the operators' incremental code.
 */
final class CrossInputs {
    private CrossInputs() {
    }

    static Feature mid(String exchange, String type, String symbol) {
        Feature book = io.featurizer.core.feature.Features.l2Book(exchange, type, symbol);
        return Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book));
    }

    static final Feature A = mid("BINANCE", "spot", "ETH-USDT");
    static final Feature B = mid("BINANCE", "spot", "BTC-USDT");

    /** One mid of side {@code input} (0 = A, 1 = B), in processing order. */
    record In(int input, long ts, long receiptTs, double mid) {
        FeatureEvent event() {
            return TestEvents.scalar(MidPriceFD.SCHEMA, ts, receiptTs, mid);
        }
    }

    static List<Event> run(Feature f, List<In> inputs) {
        FeatureTestHarness h = FeatureTestHarness.of(f);
        for (In in : inputs) {
            h.push(in.input(), in.event());
        }
        return h.outputs();
    }

    /** Random walks of both sides, interleaved at random, with time moving forward by up to {@code maxGap} (sometimes a long idle gap). */
    static List<In> randomInputs(Random rnd, int n, long start, long maxGap) {
        List<In> out = new ArrayList<>();
        double[] price = {2000, 30000};
        long t = start;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(50) == 0 ? 40 * TestEvents.SEC + rnd.nextInt(1000) : (long) (rnd.nextDouble() * maxGap);
            int side = rnd.nextInt(2);
            price[side] *= Math.exp(rnd.nextGaussian() * 0.001);
            out.add(new In(side, t, t + TestEvents.RECEIPT_LAG + rnd.nextInt(1000), price[side]));
        }
        return out;
    }

    /** One closed grid point of the reference: its time, the closing input's receipt time, the returns (null: none). */
    record GridPoint(long ts, long receiptTs, Double ra, Double rb) {
    }

    /** Grid samples and returns as {@link GridReturnsFD} defines them, closing every grid point (no skipping of idle time). */
    static List<GridPoint> grid(List<In> inputs, long interval) {
        List<GridPoint> out = new ArrayList<>();
        Long open = null;
        Double a = null;
        Double b = null;
        Double prevA = null;
        Double prevB = null;
        for (In in : inputs) {
            if (open == null) {
                open = Math.floorDiv(in.ts() + interval - 1, interval) * interval;
            }
            while (open < in.ts()) {
                Double ra = a != null && prevA != null ? Math.log(a / prevA) : null;
                Double rb = b != null && prevB != null ? Math.log(b / prevB) : null;
                out.add(new GridPoint(open, in.receiptTs(), ra, rb));
                prevA = a;
                prevB = b;
                open += interval;
            }
            if (in.input() == 0) {
                a = in.mid();
            } else {
                b = in.mid();
            }
        }
        return out;
    }

    /** The pairs at grid point k for a lag, over the last n grid points: {x[], y[]}. */
    static double[][] pairs(List<GridPoint> g, int k, int n, int lag) {
        List<double[]> p = new ArrayList<>();
        for (int m = Math.max(0, k - n + 1); m <= k; m++) {
            int ia = m - Math.max(lag, 0);
            int ib = m - Math.max(-lag, 0);
            if (ia >= 0 && ib >= 0 && g.get(ia).ra() != null && g.get(ib).rb() != null) {
                p.add(new double[] {g.get(ia).ra(), g.get(ib).rb()});
            }
        }
        double[][] xy = new double[2][p.size()];
        for (int i = 0; i < p.size(); i++) {
            xy[0][i] = p.get(i)[0];
            xy[1][i] = p.get(i)[1];
        }
        return xy;
    }

    /** {sxx, syy, sxy, Σx², Σy²} by two passes, or null with fewer than 2 pairs. */
    private static double[] moments(double[][] xy) {
        int n = xy[0].length;
        if (n < 2) {
            return null;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xy[0][i] / n;
            my += xy[1][i] / n;
        }
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            double dx = xy[0][i] - mx;
            double dy = xy[1][i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
            xx += xy[0][i] * xy[0][i];
            yy += xy[1][i] * xy[1][i];
        }
        return new double[] {sxx, syy, sxy, xx, yy};
    }

    private static boolean constant(double s, double sumSq) {
        return !(s > LaggedReturnStats.CONSTANT * sumSq);
    }

    static double correlation(double[][] xy) {
        double[] m = moments(xy);
        if (m == null || constant(m[0], m[3]) || constant(m[1], m[4])) {
            return Double.NaN;
        }
        return m[2] / Math.sqrt(m[0] * m[1]);
    }

    static double beta(double[][] xy) {
        double[] m = moments(xy);
        if (m == null || constant(m[1], m[4])) {
            return Double.NaN;
        }
        return m[2] / m[1];
    }

    /** The reference outputs of a single-value statistic: {ts, receiptTs, value} per grid point where it is defined. */
    record Expected(long ts, long receiptTs, double value) {
    }

    static List<Expected> expected(List<In> inputs, long interval, int n, boolean beta) {
        List<GridPoint> g = grid(inputs, interval);
        List<Expected> out = new ArrayList<>();
        for (int k = 0; k < g.size(); k++) {
            double[][] xy = pairs(g, k, n, 0);
            double v = beta ? beta(xy) : correlation(xy);
            if (!Double.isNaN(v)) {
                out.add(new Expected(g.get(k).ts(), g.get(k).receiptTs(), v));
            }
        }
        return out;
    }

    static void assertSingleValues(List<Expected> expected, List<Event> actual, double tolerance) {
        assertEquals(expected.size(), actual.size(), "outputs");
        for (int i = 0; i < expected.size(); i++) {
            Expected x = expected.get(i);
            assertEquals(x.ts(), actual.get(i).ts(), "ts of output " + i);
            assertEquals(x.receiptTs(), actual.get(i).receiptTs(), "receiptTs of output " + i);
            assertEquals(x.value(), actual.get(i).getDouble(0), tolerance * Math.max(1, Math.abs(x.value())), "value of output " + i);
        }
    }
}
