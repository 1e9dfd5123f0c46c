package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.book.Books.BASE;
import static io.featurizer.core.definitions.book.Books.MS;
import static io.featurizer.core.definitions.book.Books.SEC;
import static io.featurizer.core.definitions.book.Books.d;
import static io.featurizer.core.definitions.book.Books.feature;
import static io.featurizer.core.definitions.book.Books.l2;
import static io.featurizer.core.definitions.book.Books.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderFlowImbalanceTest {

    private static double[] one(FeatureTestHarness h, Event in) {
        List<Event> out = h.push(0, in);
        assertEquals(1, out.size(), "one output per book after the first");
        assertEquals(in.ts(), out.get(0).ts());
        assertEquals(in.receiptTs(), out.get(0).receiptTs());
        double[] v = new double[out.get(0).schema().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(0).getDouble(i);
        }
        return v;
    }

    @Test
    void topOfBookOfiWorkedByHand() {
        FeatureTestHarness h = FeatureTestHarness.of(feature("flow.ofi", Map.of("window", "10s"), 5));
        assertEquals(List.of(), h.push(0, top(BASE, 100, 5, 101, 4)), "the first book is only the reference");
        // bid same price 5 -> 7: +7 - 5; ask unchanged: -4 + 4
        assertEquals(List.of(2.0, 2.0), list(one(h, top(BASE + SEC, 100, 7, 101, 4))));
        // bid up to 100.5 x 1: +1; ask same price 4 -> 3: -3 + 4
        assertEquals(List.of(2.0, 4.0), list(one(h, top(BASE + 2 * SEC, 100.5, 1, 101, 3))));
        // bid down to 100 x 7: -1 (the old queue); ask down to 100.75 x 2: -2
        assertEquals(List.of(-3.0, 1.0), list(one(h, top(BASE + 3 * SEC, 100, 7, 100.75, 2))));
        // the bids vanish (a bid at -inf of size 0): -7; ask unchanged
        assertEquals(List.of(-7.0, -6.0), list(one(h, l2(BASE + 4 * SEC, d(), d(), d(100.75), d(2)))));
        // bids back at 99 x 3: +3; the asks vanish (an ask at +inf): +2, the old ask queue
        assertEquals(List.of(5.0, -1.0), list(one(h, l2(BASE + 5 * SEC, d(99), d(3), d(), d()))));
        // asks back at 100 x 1: -1. The book at 1 s is exactly 10 s old and stays: 2 + 2 - 3 - 7 + 5 - 1
        assertEquals(List.of(-1.0, -2.0), list(one(h, top(BASE + 11 * SEC, 99, 3, 100, 1))));
        // same timestamp: bid 3 -> 4: +1, the 1 s book still in
        assertEquals(List.of(1.0, -1.0), list(one(h, top(BASE + 11 * SEC, 99, 4, 100, 1))));
        // 1 ns later the 1 s book (e = 2) leaves; nothing moved: e = 0
        assertEquals(List.of(0.0, -3.0), list(one(h, top(BASE + 11 * SEC + 1, 99, 4, 100, 1))));
        // long after: the window holds this one event only
        assertEquals(List.of(-4.0, -4.0), list(one(h, top(BASE + 100 * SEC, 99, 4, 100, 5)))); // ask 1 -> 5: -5 + 1
    }

    @Test
    void windowLongerThanTheDataSumsEverything() {
        FeatureTestHarness h = FeatureTestHarness.of(feature("flow.ofi", Map.of("window", "1h"), 1));
        h.push(0, top(BASE, 100, 5, 101, 4));
        one(h, top(BASE + SEC, 100, 7, 101, 4)); // 2
        one(h, top(BASE + 2 * SEC, 100.5, 1, 101, 3)); // 2
        assertEquals(List.of(-3.0, 1.0), list(one(h, top(BASE + 3 * SEC, 100, 7, 100.75, 2))));
        assertEquals(List.of(0.0, 1.0), list(one(h, top(BASE + 30 * 60 * SEC, 100, 7, 100.75, 2))), "nothing moved: e = 0");
    }

    @Test
    void multiLevelOfiWorkedByHand() {
        FeatureTestHarness h = FeatureTestHarness.of(feature("flow.multi_level_ofi", Map.of("depth", 2), 5));
        assertEquals(List.of(), h.push(0, l2(BASE, d(100, 99), d(5, 2), d(101, 102), d(4, 3))));
        // level 1 unchanged: 0. Level 2: bid 99 -> 99.5 x 1: +1; ask level 2 gone (+inf): +3
        assertEquals(List.of(0.0, 4.0, 4.0), list(one(h, l2(BASE + SEC, d(100, 99.5), d(5, 1), d(101), d(4)))));
        // level 1: bid up to 100.5 x 2: +2. Level 2: bid 99.5 -> 100 x 5: +5; ask back at 103 x 1: -1
        assertEquals(List.of(2.0, 8.0, 10.0), list(one(h, l2(BASE + 2 * SEC, d(100.5, 100), d(2, 5), d(101, 103), d(4, 1)))));
        // a minute and more later only this event counts: level 1 bid 2 -> 3 (+1), level 2 ask 1 -> 0.5 at 103 (-0.5 + 1)
        assertEquals(List.of(1.0, 0.5, 1.5), list(one(h, l2(BASE + 63 * SEC, d(100.5, 100), d(3, 5), d(101, 103), d(4, 0.5)))));
        assertEquals(List.of("ofi_1", "ofi_2", "total"), h.feature().schema().fields().stream().map(f -> f.name()).toList());
    }

    @Test
    void multiLevelAtDepthOneIsTheTopOfBookOfi() {
        List<FeatureEvent> books = Books.randomBooks(new Random(3), 2000, 5, 400 * MS);
        List<Event> top = FeatureTestHarness.of(feature("flow.ofi", Map.of("window", "5s"), 5)).pushAll(books);
        List<Event> multi = FeatureTestHarness.of(feature("flow.multi_level_ofi", Map.of("window", "5s", "depth", 1), 5)).pushAll(books);
        assertEquals(top.size(), multi.size());
        for (int i = 0; i < top.size(); i++) {
            assertEquals(top.get(i).getDouble(1), multi.get(i).getDouble(0), "output " + i);
            assertEquals(top.get(i).getDouble(1), multi.get(i).getDouble(1), "output " + i);
        }
    }

    /**
     * In one graph the OFIs over the same snapshots and window share one flow window (FlowWindow): a top-of-book OFI and
     * multi-level OFIs of depth 3 and 5 over 10 s, beside a depth-5 one over 4 s (a window of its own). Every output of
     * each equals, bit for bit, that of a graph over it alone; the shared graph is restored from a snapshot at a random
     * input and continues the same.
     */
    @Property(tries = 25)
    void ofisOverTheSameWindowShareItAndEachEqualsItsOwnGraph(@ForAll long seed, @ForAll @IntRange(min = 0, max = 6000) int cut) {
        Feature book = io.featurizer.core.feature.Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature snapshot = io.featurizer.core.feature.Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book);
        List<Feature> features = List.of(
                io.featurizer.core.feature.Features.feature("flow.ofi", Map.of("window", "10s"), snapshot),
                io.featurizer.core.feature.Features.feature("flow.multi_level_ofi", Map.of("window", "10s", "depth", 3), snapshot),
                io.featurizer.core.feature.Features.feature("flow.multi_level_ofi", Map.of("window", "10s", "depth", 5), snapshot),
                io.featurizer.core.feature.Features.feature("flow.multi_level_ofi", Map.of("window", "4s", "depth", 5), snapshot));
        io.featurizer.core.synthetic.SyntheticMarket market = new io.featurizer.core.synthetic.SyntheticMarket(
                io.featurizer.core.synthetic.SyntheticMarket.Config.defaults(seed).withRates(2000, 0, 0));
        List<Event> books = new java.util.ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            market.next();
            books.add(market.event().copy());
        }
        java.util.Map<Feature, List<List<Double>>> together = run(features, book, books, cut);
        for (Feature f : features) {
            List<List<Double>> alone = run(List.of(f), book, books, -1).get(f);
            List<List<Double>> shared = together.get(f);
            assertEquals(alone.size(), shared.size(), f.name() + ": outputs, shared window against its own graph");
            for (int i = 0; i < alone.size(); i++) {
                assertEquals(alone.get(i), shared.get(i), f.name() + " output " + i + " (cut " + cut + "): shared window against its own graph");
            }
            assertTrue(alone.size() > 4000, f.name() + " emitted " + alone.size());
        }
    }

    /** Each feature's outputs (every field, NaN-safe through boxing) over the books; a snapshot and restore at input {@code cut}. */
    private static java.util.Map<Feature, List<List<Double>>> run(List<Feature> features, Feature book, List<Event> books, int cut) {
        java.util.Map<Feature, List<List<Double>>> out = new java.util.HashMap<>();
        io.featurizer.core.graph.FeatureStreamGraph g = io.featurizer.core.graph.FeatureStreamGraph.builder(features).build();
        for (int i = 0; i < books.size(); i++) {
            if (i == cut) {
                byte[] state = g.snapshot();
                g = io.featurizer.core.graph.FeatureStreamGraph.builder(features).build();
                g.restore(state);
            }
            if (i == 0 || i == cut) {
                for (Feature f : features) {
                    List<List<Double>> list = out.computeIfAbsent(f, k -> new java.util.ArrayList<>());
                    g.setCallback(f, (feature, e) -> {
                        List<Double> v = new java.util.ArrayList<>();
                        for (int k = 0; k < e.schema().size(); k++) {
                            v.add(e.getDouble(k));
                        }
                        list.add(v);
                    });
                }
            }
            g.emit(book, books.get(i));
        }
        return out;
    }

    @Test
    void lookbackIsTheWindowAndBadParamsFail() {
        Feature f = feature("flow.ofi", Map.of("window", "30s"), 5);
        assertEquals(30 * SEC, ((FeatureDefinition) f.definition()).lookbackNanos(f.params()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> feature("flow.multi_level_ofi", Map.of("depth", 10), 5));
        assertTrue(e.getMessage().contains("depth >= 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("flow.ofi", Map.of("windo", "1s"), 5));
        assertTrue(e.getMessage().contains("did you mean 'window'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("flow.ofi", Map.of("window", "soon"), 5));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<FeatureEvent> books = Books.randomBooks(new Random(9), 1500, 6, 500 * MS);
        Books.assertRestoreMatches(feature("flow.ofi", Map.of("window", "10s"), 5), books);
        Books.assertRestoreMatches(feature("flow.multi_level_ofi", Map.of("window", "10s", "depth", 3), 5), books);
        List<FeatureEvent> evolving = Books.evolvingBooks(new Random(9), 1500, 6, 500 * MS);
        Books.assertRestoreMatches(feature("flow.ofi", Map.of("window", "10s"), 5), evolving);
        Books.assertRestoreMatches(feature("flow.multi_level_ofi", Map.of("window", "10s", "depth", 3), 5), evolving);
    }

    // ------------------------------------------------------------------ sliding == from scratch

    /**
     * e of level m (1 = best) between books a (before) and b, from the paper's case split: a bid that rose
     * brings its new queue, one that fell takes its old queue away, one that stayed adds the size change;
     * mirrored for the ask. A missing level is a bid at -inf or an ask at +inf with no size.
     */
    static double naiveFlow(Event a, Event b, int m) {
        double pb0 = level(Books.bidPrices(a), m, Double.NEGATIVE_INFINITY), qb0 = level(Books.bidSizes(a), m, 0);
        double pb = level(Books.bidPrices(b), m, Double.NEGATIVE_INFINITY), qb = level(Books.bidSizes(b), m, 0);
        double pa0 = level(Books.askPrices(a), m, Double.POSITIVE_INFINITY), qa0 = level(Books.askSizes(a), m, 0);
        double pa = level(Books.askPrices(b), m, Double.POSITIVE_INFINITY), qa = level(Books.askSizes(b), m, 0);
        double bid = pb > pb0 ? qb : pb < pb0 ? -qb0 : qb - qb0;
        double ask = pa < pa0 ? qa : pa > pa0 ? -qa0 : qa - qa0;
        return bid - ask;
    }

    private static double level(double[] values, int m, double missing) {
        return m <= values.length ? values[m - 1] : missing;
    }

    /** Σ over the books j ≥ 1 with t_i − t_j ≤ w of the level flows from book j−1 to j: level m, or all levels for m = 0. */
    static double naiveWindowSum(List<FeatureEvent> books, int i, long w, int m, int levels) {
        double sum = 0;
        for (int j = 1; j <= i; j++) {
            if (books.get(i).ts() - books.get(j).ts() <= w) {
                for (int k = 1; k <= levels; k++) {
                    if (m == 0 || m == k) {
                        sum += naiveFlow(books.get(j - 1), books.get(j), k);
                    }
                }
            }
        }
        return sum;
    }

    @Property(tries = 250)
    void slidingOfiEqualsRecomputationAtEveryEvent(@ForAll @IntRange(min = 1, max = 80) int n,
                                                   @ForAll @IntRange(min = 1, max = 3000) int windowMs, @ForAll long seed,
                                                   @ForAll boolean evolving) {
        List<FeatureEvent> books = books(evolving, new Random(seed), n, 4, 700 * MS);
        long w = windowMs * MS;
        FeatureTestHarness h = FeatureTestHarness.of(feature("flow.ofi", Map.of("window", windowMs + "ms"), 5));
        assertEquals(List.of(), h.push(0, books.get(0)));
        for (int i = 1; i < n; i++) {
            double[] v = one(h, books.get(i));
            assertEquals(naiveFlow(books.get(i - 1), books.get(i), 1), v[0], "e at book " + i); // sizes in 1/8: exact
            assertEquals(naiveWindowSum(books, i, w, 1, 1), v[1], "window sum at book " + i);
        }
    }

    @Property(tries = 250)
    void slidingMultiLevelOfiEqualsRecomputationAtEveryEvent(@ForAll @IntRange(min = 1, max = 80) int n,
                                                             @ForAll @IntRange(min = 1, max = 3000) int windowMs,
                                                             @ForAll @IntRange(min = 1, max = 5) int depth, @ForAll long seed,
                                                             @ForAll boolean evolving) {
        List<FeatureEvent> books = books(evolving, new Random(seed), n, 6, 700 * MS);
        long w = windowMs * MS;
        FeatureTestHarness h = FeatureTestHarness.of(feature("flow.multi_level_ofi", Map.of("window", windowMs + "ms", "depth", depth), 5));
        assertEquals(List.of(), h.push(0, books.get(0)));
        for (int i = 1; i < n; i++) {
            double[] v = one(h, books.get(i));
            for (int m = 1; m <= depth; m++) {
                assertEquals(naiveWindowSum(books, i, w, m, depth), v[m - 1], "level " + m + " at book " + i);
            }
            assertEquals(naiveWindowSum(books, i, w, 0, depth), v[depth], "total at book " + i);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void multiLevelOfiPastSixtyFourLevels(boolean evolving) {
        // the changed level sums are kept one bit each in 64-bit words: 70 levels take two
        List<FeatureEvent> books = books(evolving, new Random(17), 400, 75, 300 * MS);
        long w = 2_000 * MS;
        FeatureTestHarness h = FeatureTestHarness.of(feature("flow.multi_level_ofi", Map.of("window", "2s", "depth", 70), 80));
        assertEquals(List.of(), h.push(0, books.get(0)));
        for (int i = 1; i < books.size(); i++) {
            double[] v = one(h, books.get(i));
            for (int m = 1; m <= 70; m++) {
                assertEquals(naiveWindowSum(books, i, w, m, 70), v[m - 1], "level " + m + " at book " + i);
            }
            assertEquals(naiveWindowSum(books, i, w, 0, 70), v[70], "total at book " + i);
        }
    }

    /** Independent random books, or books that evolve by one edit at a time (most levels unchanged, as in a real feed). */
    private static List<FeatureEvent> books(boolean evolving, Random rnd, int n, int maxLevels, long maxGapNanos) {
        return evolving ? Books.evolvingBooks(rnd, n, maxLevels, maxGapNanos) : Books.randomBooks(rnd, n, maxLevels, maxGapNanos);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aLongStreamWrapsTheSparseWindowAndStillEqualsRecomputationAndRestores(boolean evolving) {
        // thousands of books in the window: the element and pair rings grow and wrap around; the reference keeps per-level
        // prefix sums of the naive flows (sizes in 1/8: every sum exact) and a two-pointer window start
        int depth = 5;
        long w = 2_000 * MS;
        List<FeatureEvent> books = books(evolving, new Random(5), 6_000, 6, 3 * MS);
        FeatureTestHarness h = FeatureTestHarness.of(feature("flow.multi_level_ofi", Map.of("window", "2000ms", "depth", depth), 5));
        assertEquals(List.of(), h.push(0, books.get(0)));
        double[][] prefix = new double[depth + 1][books.size()]; // prefix[m][i]: flows of books 1..i at level m (0: all)
        int start = 1;
        int widest = 0;
        for (int i = 1; i < books.size(); i++) {
            for (int m = 1; m <= depth; m++) {
                double e = naiveFlow(books.get(i - 1), books.get(i), m);
                prefix[m][i] = prefix[m][i - 1] + e;
                prefix[0][i] += e;
            }
            prefix[0][i] += prefix[0][i - 1];
            while (books.get(i).ts() - books.get(start).ts() > w) {
                start++;
            }
            widest = Math.max(widest, i - start + 1);
            double[] v = one(h, books.get(i));
            for (int m = 0; m <= depth; m++) {
                double expected = prefix[m][i] - prefix[m][start - 1];
                assertEquals(expected, v[m == 0 ? depth : m - 1], (m == 0 ? "total" : "level " + m) + " at book " + i);
            }
        }
        assertTrue(widest > 1_500, "the window held " + widest + " books: past the rings' first size");
        Books.assertRestoreMatches(feature("flow.multi_level_ofi", Map.of("window", "2000ms", "depth", depth), 5), books);
    }

    private static List<Double> list(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
