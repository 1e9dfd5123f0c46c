package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.book.Books.BASE;
import static io.featurizer.core.definitions.book.Books.MS;
import static io.featurizer.core.definitions.book.Books.d;
import static io.featurizer.core.definitions.book.Books.feature;
import static io.featurizer.core.definitions.book.Books.l2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookShapeFDTest {
    /** Bids 100×2, 99.5×1, 99×4; asks 101×6, 101.5×3, 102×1; mid 100.5. */
    static final FeatureEvent A = l2(BASE, d(100, 99.5, 99), d(2, 1, 4), d(101, 101.5, 102), d(6, 3, 1));
    /** Bids 99.5×1, 99×2, 98.5×4; asks 100.5×3, 101×5, 101.5×7; mid 100. */
    static final FeatureEvent B = l2(BASE + MS, d(99.5, 99, 98.5), d(1, 2, 4), d(100.5, 101, 101.5), d(3, 5, 7));
    static final FeatureEvent NO_BIDS = l2(BASE + 2 * MS, d(), d(), d(101), d(1));
    static final FeatureEvent NO_ASKS = l2(BASE + 3 * MS, d(100), d(1), d(), d());

    private static double[] values(String definition, Map<String, ?> params, Event book) {
        List<Event> out = FeatureTestHarness.of(feature(definition, params, 25)).push(0, book);
        assertEquals(1, out.size(), definition + " emits once on its first book");
        assertEquals(book.ts(), out.get(0).ts());
        assertEquals(book.receiptTs(), out.get(0).receiptTs());
        double[] v = new double[out.get(0).schema().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(0).getDouble(i);
        }
        return v;
    }

    private static double value(String definition, Map<String, ?> params, Event book) {
        return values(definition, params, book)[0];
    }

    @Test
    void spreadInBasisPointsOfTheMid() {
        assertEquals(1.0 / 100.5 * 10_000, value("book.spread_bps", Map.of(), A), 1e-12); // 99.502 bps
        assertEquals(100.0, value("book.spread_bps", Map.of(), B), 1e-12); // 1 over a mid of 100
    }

    @Test
    void weightedMidLeansToTheSmallerQueue() {
        assertEquals((100 * 6 + 101 * 2) / 8.0, value("book.weighted_mid", Map.of(), A), 1e-12); // 100.25
        assertEquals((99.5 * 3 + 100.5 * 1) / 4.0, value("book.weighted_mid", Map.of(), B), 1e-12); // 99.75
    }

    @Test
    void topImbalanceIsInNotionalQueueImbalanceInSize() {
        assertEquals((200.0 - 606) / 806, value("book.top_imbalance", Map.of(), A), 1e-15); // 100·2 vs 101·6
        assertEquals((2.0 - 6) / 8, value("book.queue_imbalance", Map.of(), A), 0); // -0.5
        assertEquals((99.5 - 301.5) / 401, value("book.top_imbalance", Map.of(), B), 1e-15);
        assertEquals(-0.5, value("book.queue_imbalance", Map.of(), B), 0); // (1 - 3) / 4
    }

    @Test
    void depthImbalanceOverLevelsWithDecay() {
        assertEquals((3.0 - 9) / 12, value("book.depth_imbalance", Map.of("depth", 2), A), 1e-15);
        assertEquals((7.0 - 10) / 17, value("book.depth_imbalance", Map.of("depth", 3), A), 1e-15);
        assertEquals((7.0 - 10) / 17, value("book.depth_imbalance", Map.of("depth", 10), A), 1e-15, "fewer levels than depth");
        assertEquals((2.0 - 6) / 8, value("book.depth_imbalance", Map.of("depth", 1), A), 1e-15, "depth 1 is the queue imbalance");
        // decay ln 2: weights 1, 1/2, 1/4 -> bids 2 + 0.5 + 1 = 3.5, asks 6 + 1.5 + 0.25 = 7.75
        assertEquals((3.5 - 7.75) / 11.25, value("book.depth_imbalance", Map.of("depth", 3, "decay", Math.log(2)), A), 1e-12);
        // default: 5 levels, no decay
        assertEquals((7.0 - 15) / 22, value("book.depth_imbalance", Map.of(), B), 1e-15);
    }

    @Test
    void depthWithinBpsIncludesTheBound() {
        // mid 100.5, 50 bps = 0.5025: 100 and 101 are inside, 99.5 and 101.5 outside
        assertEquals(List.of(2.0, 6.0, 8.0), list(values("book.depth_within_bps", Map.of("bps", 50), A)));
        // mid 100, 100 bps = exactly 1: 99 and 101 are on the bound and count
        assertEquals(List.of(3.0, 8.0, 11.0), list(values("book.depth_within_bps", Map.of("bps", 100), B)));
        // default 10 bps of 100 = 0.1: the best levels are 0.5 away: nothing
        assertEquals(List.of(0.0, 0.0, 0.0), list(values("book.depth_within_bps", Map.of(), B)));
        // 1000 bps: every level shown
        assertEquals(List.of(7.0, 15.0, 22.0), list(values("book.depth_within_bps", Map.of("bps", 1000), B)));
    }

    @Test
    void slopeOfNaesAndSkjeltorp() {
        // bid side of A, mid 100.5: 2/(0.5/100.5) = 402; (3/2 - 1)/(0.5/100) = 100; (7/3 - 1)/(0.5/99.5) = (4/3)·199
        double bid = (402 + 100 + 4.0 / 3 * 199) / 3;
        // ask side: 6/(0.5/100.5) = 1206; (9/6 - 1)/(0.5/101) = 101; (10/9 - 1)/(0.5/101.5) = 203/9
        double ask = (1206 + 101 + 203.0 / 9) / 3;
        double[] v = values("book.slope", Map.of("depth", 3), A);
        assertEquals(bid, v[0], 1e-9);
        assertEquals(ask, v[1], 1e-9);
        assertEquals((bid + ask) / 2, v[2], 1e-9);
        double[] one = values("book.slope", Map.of("depth", 1), A);
        assertEquals(List.of(402.0, 1206.0, 804.0), list(round(one, 1e-9)));
        double[] deep = values("book.slope", Map.of("depth", 8), A);
        assertEquals(v[2], deep[2], 1e-9, "a side with fewer levels uses the levels it has");
    }

    @Test
    void emptySideGivesNaNOnceAndLockedBookHasNoSlope() {
        for (String def : new String[] {"book.spread_bps", "book.weighted_mid", "book.top_imbalance", "book.queue_imbalance",
                "book.depth_imbalance", "book.depth_within_bps", "book.slope"}) {
            FeatureTestHarness h = FeatureTestHarness.of(feature(def, Map.of(), 25));
            assertEquals(1, h.push(0, A).size(), def);
            List<Event> out = h.push(0, NO_BIDS);
            assertEquals(1, out.size(), def);
            for (int i = 0; i < out.get(0).schema().size(); i++) {
                assertTrue(Double.isNaN(out.get(0).getDouble(i)), def + " field " + i + " with no bids");
            }
            assertEquals(List.of(), h.push(0, NO_ASKS), def + ": still NaN, nothing new");
            assertEquals(List.of(), h.push(0, l2(BASE + 9, d(), d(), d(), d())), def + ": empty book, still NaN");
        }
        double[] locked = values("book.slope", Map.of(), l2(BASE, d(100), d(1), d(100), d(2)));
        assertTrue(Double.isNaN(locked[0]) && Double.isNaN(locked[1]) && Double.isNaN(locked[2]));
        assertEquals(0.0, value("book.spread_bps", Map.of(), l2(BASE, d(100), d(1), d(100), d(2))), 0, "locked: spread 0");
    }

    @Test
    void emitsOnlyWhenTheValueChanges() {
        FeatureTestHarness spread = FeatureTestHarness.of(feature("book.spread_bps", Map.of(), 25));
        FeatureTestHarness depth = FeatureTestHarness.of(feature("book.depth_imbalance", Map.of("depth", 3), 25));
        FeatureEvent deeper = l2(BASE + 5, d(100, 99.5, 99), d(2, 1, 5), d(101, 101.5, 102), d(6, 3, 1)); // 99: 4 -> 5
        assertEquals(1, spread.push(0, A).size());
        assertEquals(1, depth.push(0, A).size());
        assertEquals(List.of(), spread.push(0, deeper), "the spread did not move");
        List<Event> out = depth.push(0, deeper);
        assertEquals(1, out.size());
        assertEquals((8.0 - 10) / 18, out.get(0).getDouble(0), 1e-15);
        assertEquals(BASE + 5, out.get(0).ts());
        assertEquals(List.of(), depth.push(0, deeper), "same book again");
    }

    @Test
    void badParamsAndTooShallowSnapshotsFailAtLoad() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> feature("book.depth_imbalance", Map.of("depth", 10), 5));
        assertTrue(e.getMessage().contains("depth >= 10") && e.getMessage().contains("depth 5"), e.getMessage());
        feature("book.depth_imbalance", Map.of("depth", 10), -1); // the full book shows every level
        e = assertThrows(IllegalArgumentException.class, () -> feature("book.slope", Map.of(), 3));
        assertTrue(e.getMessage().contains("depth >= 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("book.depth_imbalance", Map.of("decay", -1), 25));
        assertTrue(e.getMessage().contains("decay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("book.depth_imbalance", Map.of("depth", 0), 25));
        assertTrue(e.getMessage().contains("positive number of levels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("book.depth_within_bps", Map.of("bps", 0), 25));
        assertTrue(e.getMessage().contains("bps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("book.depth_imbalance", Map.of("deapth", 3), 25));
        assertTrue(e.getMessage().contains("did you mean 'depth'"), e.getMessage());
    }

    // ------------------------------------------------------------------ random books against naive formulas

    /** Each definition's values written out from the formulas, level by level. */
    static double[] naive(String def, Event s) {
        double[] bp = Books.bidPrices(s), bq = Books.bidSizes(s), ap = Books.askPrices(s), aq = Books.askSizes(s);
        boolean empty = bp.length == 0 || ap.length == 0;
        double mid = empty ? Double.NaN : (bp[0] + ap[0]) / 2;
        switch (def) {
            case "book.spread_bps":
                return new double[] {empty ? Double.NaN : 10_000 * (ap[0] - bp[0]) / mid};
            case "book.weighted_mid":
                return new double[] {empty ? Double.NaN : (bp[0] * aq[0] + ap[0] * bq[0]) / (bq[0] + aq[0])};
            case "book.queue_imbalance":
                return new double[] {empty ? Double.NaN : (bq[0] - aq[0]) / (bq[0] + aq[0])};
            case "book.top_imbalance":
                return new double[] {empty ? Double.NaN : (bp[0] * bq[0] - ap[0] * aq[0]) / (bp[0] * bq[0] + ap[0] * aq[0])};
            case "book.depth_imbalance": { // depth 4, decay 0.3
                if (empty) {
                    return new double[] {Double.NaN};
                }
                double b = 0, a = 0;
                for (int l = 1; l <= 4; l++) {
                    double w = Math.exp(-0.3 * (l - 1));
                    b += l <= bq.length ? w * bq[l - 1] : 0;
                    a += l <= aq.length ? w * aq[l - 1] : 0;
                }
                return new double[] {(b - a) / (b + a)};
            }
            case "book.depth_within_bps": { // 70 bps
                if (empty) {
                    return new double[] {Double.NaN, Double.NaN, Double.NaN};
                }
                double b = 0, a = 0;
                for (int l = 0; l < bp.length; l++) {
                    b += Math.abs(bp[l] - mid) <= mid * 70 / 10_000 ? bq[l] : 0;
                }
                for (int l = 0; l < ap.length; l++) {
                    a += Math.abs(ap[l] - mid) <= mid * 70 / 10_000 ? aq[l] : 0;
                }
                return new double[] {b, a, b + a};
            }
            case "book.slope": { // depth 4
                if (empty || bp[0] >= ap[0]) {
                    return new double[] {Double.NaN, Double.NaN, Double.NaN};
                }
                double b = slope(bp, bq, mid, 4), a = slope(ap, aq, mid, 4);
                return new double[] {b, a, (b + a) / 2};
            }
            default:
                throw new IllegalArgumentException(def);
        }
    }

    private static double slope(double[] p, double[] q, double mid, int depth) {
        int n = Math.min(depth, p.length);
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = (t == 0 ? 0 : v[t - 1]) + q[t];
        }
        double sum = v[0] / Math.abs(p[0] / mid - 1);
        for (int t = 1; t < n; t++) {
            sum += (v[t] / v[t - 1] - 1) / Math.abs(p[t] / p[t - 1] - 1);
        }
        return sum / n;
    }

    static final Map<String, Map<String, ?>> RANDOM_PARAMS = Map.of(
            "book.spread_bps", Map.of(), "book.weighted_mid", Map.of(), "book.queue_imbalance", Map.of(),
            "book.top_imbalance", Map.of(), "book.depth_imbalance", Map.of("depth", 4, "decay", 0.3),
            "book.depth_within_bps", Map.of("bps", 70), "book.slope", Map.of("depth", 4));

    @Test
    void randomBooksMatchTheFormulas() {
        List<FeatureEvent> books = Books.randomBooks(new Random(5), 3000, 7, 300 * MS);
        for (Map.Entry<String, Map<String, ?>> c : RANDOM_PARAMS.entrySet()) {
            String def = c.getKey();
            FeatureTestHarness h = FeatureTestHarness.of(feature(def, c.getValue(), 25));
            double[] lastEmitted = null;
            int emitted = 0;
            for (int i = 0; i < books.size(); i++) {
                double[] expected = naive(def, books.get(i));
                List<Event> out = h.push(0, books.get(i));
                boolean changed = lastEmitted == null || !sameBits(lastEmitted, expected, 1e-12);
                assertEquals(changed ? 1 : 0, out.size(), def + " at book " + i);
                if (changed) {
                    for (int f = 0; f < expected.length; f++) {
                        Books.assertClose(expected[f], out.get(0).getDouble(f), 1e-12, 1e-12, def + " field " + f + " at book " + i);
                    }
                    lastEmitted = expected;
                    emitted++;
                }
            }
            assertTrue(emitted > 500, def + " emitted " + emitted);
            Books.assertRestoreMatches(feature(def, c.getValue(), 25), books);
        }
    }

    /**
     * At depth 25 over books of up to 30 levels, so the slope's loop runs whole blocks (two levels per division) and its
     * remainder: every output against the level-by-level formulas.
     */
    @Test
    void deepBooksMatchTheFormulasLevelByLevel() {
        List<FeatureEvent> books = Books.randomBooks(new Random(11), 2000, 30, 300 * MS);
        FeatureTestHarness slope = FeatureTestHarness.of(feature("book.slope", Map.of("depth", 25), 30));
        FeatureTestHarness imbalance = FeatureTestHarness.of(feature("book.depth_imbalance", Map.of("depth", 25, "decay", 0.2), 30));
        int compared = 0;
        for (FeatureEvent book : books) {
            double[] bp = Books.bidPrices(book), bq = Books.bidSizes(book), ap = Books.askPrices(book), aq = Books.askSizes(book);
            for (Event out : slope.push(0, book)) {
                if (bp.length > 0 && ap.length > 0 && bp[0] < ap[0]) {
                    double mid = (bp[0] + ap[0]) / 2;
                    Books.assertClose(slope(bp, bq, mid, 25), out.getDouble(0), 1e-12, 1e-12, "bid slope");
                    Books.assertClose(slope(ap, aq, mid, 25), out.getDouble(1), 1e-12, 1e-12, "ask slope");
                    compared++;
                }
            }
            for (Event out : imbalance.push(0, book)) {
                if (bp.length > 0 && ap.length > 0) {
                    double b = 0, a = 0;
                    for (int l = 0; l < 25; l++) {
                        b += l < bq.length ? Math.exp(-0.2 * l) * bq[l] : 0;
                        a += l < aq.length ? Math.exp(-0.2 * l) * aq[l] : 0;
                    }
                    Books.assertClose((b - a) / (b + a), out.getDouble(0), 1e-12, 1e-12, "depth imbalance");
                    compared++;
                }
            }
        }
        assertTrue(compared > 2000, "compared " + compared);
    }

    /** Equal up to rounding (the reference sums in another order), NaN equal to NaN. */
    private static boolean sameBits(double[] a, double[] b, double rel) {
        for (int i = 0; i < a.length; i++) {
            boolean bothNaN = Double.isNaN(a[i]) && Double.isNaN(b[i]);
            if (!bothNaN && !(Math.abs(a[i] - b[i]) <= rel * Math.abs(a[i]))) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> list(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    private static double[] round(double[] v, double eps) {
        return Arrays.stream(v).map(x -> Math.abs(x - Math.rint(x)) < eps * Math.abs(x) ? Math.rint(x) : x).toArray();
    }
}
