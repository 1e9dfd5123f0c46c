package io.featurizer.core.definitions;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.d;
import static io.featurizer.core.definitions.TestEvents.l2;
import static io.featurizer.core.definitions.TestEvents.quote;
import static io.featurizer.core.definitions.TestEvents.snapshotFeature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelativeBidAskSpreadFDTest {
    private final Feature snap = snapshotFeature(Map.of("depth", 5));
    private final Feature spread = Features.feature("spread.relative_bid_ask_spread_fd", Map.of(), snap);
    private final Feature tickerSpread = Features.feature("spread.relative_bid_ask_spread_fd", Map.of("dep_schema", "ticker"), TestEvents.ticker());

    private static void assertSpread(double expected, long ts, List<Event> out) {
        assertEquals(1, out.size(), "one output expected, got " + out);
        assertEquals(ts, out.get(0).ts());
        assertEquals(ts + TestEvents.RECEIPT_LAG, out.get(0).receiptTs());
        TestEvents.assertClose(expected, out.get(0).getDouble(0), 1e-15, 0, "spread at " + ts);
    }

    @Test
    void handValuesFromL2Snapshots() {
        FeatureTestHarness h = FeatureTestHarness.of(spread);
        long t = BASE;
        // 2*|99-101|/(99+101) = 4/200
        assertSpread(0.02, t, h.push(0, l2(t, t + TestEvents.RECEIPT_LAG, d(99, 98), d(1, 1), d(101, 102), d(1, 1))));
        // bid 100, ask 100.5: 2*0.5/200.5 = 1/200.5
        assertSpread(1 / 200.5, t + 1, h.push(0, l2(t + 1, t + 1 + TestEvents.RECEIPT_LAG, d(100), d(1), d(100.5), d(1))));
        // 30000 / 30001: 2/60001
        assertSpread(2.0 / 60_001, t + 2, h.push(0, l2(t + 2, t + 2 + TestEvents.RECEIPT_LAG, d(30_000), d(1), d(30_001), d(1))));
        // a crossed book: the absolute value, 2*|101-99|/200
        assertSpread(0.02, t + 3, h.push(0, l2(t + 3, t + 3 + TestEvents.RECEIPT_LAG, d(101), d(1), d(99), d(1))));
        // a locked book: 0
        assertSpread(0.0, t + 4, h.push(0, l2(t + 4, t + 4 + TestEvents.RECEIPT_LAG, d(100), d(1), d(100), d(1))));
    }

    @Test
    void emitsOnlyWhenTheValueChangesAndNothingForOneSidedBooks() {
        FeatureTestHarness h = FeatureTestHarness.of(spread);
        long t = BASE;
        assertSpread(0.02, t, h.push(0, l2(t, t + TestEvents.RECEIPT_LAG, d(99), d(1), d(101), d(1))));
        // a different book with the same relative spread: 2*4/400
        assertEquals(List.of(), h.push(0, l2(t + 1, t + 1, d(198), d(1), d(202), d(1))));
        assertEquals(List.of(), h.push(0, l2(t + 2, t + 2, d(), d(), d(202), d(1))));
        assertEquals(List.of(), h.push(0, l2(t + 3, t + 3, d(198), d(1), d(), d())));
        assertSpread(1 / 400.5, t + 4, h.push(0, l2(t + 4, t + 4 + TestEvents.RECEIPT_LAG, d(200), d(1), d(200.5), d(1))));
    }

    @Test
    void handValuesFromTicker() {
        FeatureTestHarness h = FeatureTestHarness.of(tickerSpread);
        long t = BASE;
        assertSpread(0.02, t, h.push(0, quote(t, 99, 1, 101, 1)));
        assertEquals(List.of(), h.push(0, quote(t + 1, 99, 5, 101, 7)), "sizes only");
        assertEquals(List.of(), h.push(0, quote(t + 2, Double.NaN, 0, 101, 7)), "one-sided");
        assertSpread(1 / 200.5, t + 3, h.push(0, quote(t + 3, 100, 1, 100.5, 1)));
    }

    @Test
    void randomBookMatchesTheFormulaOnAReferenceBook() {
        List<BookUpdate> in = TestEvents.randomBook(new Random(9), 3000, BASE);
        FeatureTestHarness books = FeatureTestHarness.of(snap);
        FeatureTestHarness h = FeatureTestHarness.of(spread);
        TestEvents.RefBook ref = new TestEvents.RefBook();
        double last = Double.NaN;
        int emitted = 0;
        for (int i = 0; i < in.size(); i++) {
            BookUpdate u = in.get(i);
            List<Event> out = new ArrayList<>();
            for (Event s : books.push(0, u)) {
                out.addAll(h.push(0, s));
            }
            double expected = Double.NaN;
            if (ref.apply(u) && !ref.bids.isEmpty() && !ref.asks.isEmpty()) {
                double b = ref.bestBid(), a = ref.bestAsk();
                double v = 2 * Math.abs(b - a) / (b + a);
                if (v != last) {
                    expected = v;
                    last = v;
                }
            }
            if (Double.isNaN(expected)) {
                assertEquals(List.of(), out, "message " + i);
            } else {
                assertEquals(1, out.size(), "message " + i);
                assertEquals(u.ts(), out.get(0).ts());
                assertEquals(u.receiptTs(), out.get(0).receiptTs());
                assertEquals(expected, out.get(0).getDouble(0), 1e-15, "message " + i);
                emitted++;
            }
        }
        assertTrue(emitted > 50);
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<Event> snapshots = TestEvents.run(snap, TestEvents.randomBook(new Random(13), 3000, BASE));
        TestEvents.assertRestoreMatches(spread, snapshots);
        List<Quote> quotes = MidPriceFDTest.randomQuotes(new Random(14), 2000);
        TestEvents.assertRestoreMatches(tickerSpread, quotes);
    }
}
