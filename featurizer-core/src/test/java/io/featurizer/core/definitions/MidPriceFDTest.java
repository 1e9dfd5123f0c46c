package io.featurizer.core.definitions;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.Params;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.MS;
import static io.featurizer.core.definitions.TestEvents.RECEIPT_LAG;
import static io.featurizer.core.definitions.TestEvents.d;
import static io.featurizer.core.definitions.TestEvents.delta;
import static io.featurizer.core.definitions.TestEvents.l2;
import static io.featurizer.core.definitions.TestEvents.quote;
import static io.featurizer.core.definitions.TestEvents.scalar;
import static io.featurizer.core.definitions.TestEvents.snapshot;
import static io.featurizer.core.definitions.TestEvents.snapshotFeature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MidPriceFDTest {
    private final Feature snap = snapshotFeature(Map.of("depth", 5));
    private final Feature mid = Features.feature("price.mid_price_fd", Map.of(), snap);
    private final Feature tickerMid = Features.feature("price.mid_price_fd", Map.of("dep_schema", "ticker"), TestEvents.ticker());

    /** Book messages through the snapshot feature, its outputs into the mid feature. */
    private static final class Chain {
        final FeatureTestHarness book;
        final FeatureTestHarness mid;

        Chain(Feature mid) {
            this.book = FeatureTestHarness.of(mid.children().get(0));
            this.mid = FeatureTestHarness.of(mid);
        }

        List<Event> push(BookUpdate u) {
            List<Event> out = new ArrayList<>();
            for (Event s : book.push(0, u)) {
                out.addAll(mid.push(0, s));
            }
            return out;
        }
    }

    private static Event midEvent(long ts, double value) {
        return scalar(MidPriceFD.SCHEMA, ts, value);
    }

    @Test
    void fromL2SnapshotEmitsOnlyWhenTheMidChanges() {
        Chain c = new Chain(mid);
        long t = BASE;
        assertEquals(List.of(midEvent(t, 100.5)), c.push(snapshot(t).addBid(100, 1).addBid(99, 2).addAsk(101, 1).addAsk(102, 1)));
        // sizes and deeper levels change: the book emits, the mid does not
        assertEquals(List.of(), c.push(delta(t + 1).addBid(100, 5).addBid(99, 0).addAsk(102, 3)));
        assertEquals(List.of(midEvent(t + 2, 100.75)), c.push(delta(t + 2).addBid(100.5, 1)));
        assertEquals(List.of(midEvent(t + 3, 101.25)), c.push(delta(t + 3).addAsk(101, 0)));
        assertEquals(List.of(midEvent(t + 4, 100.25)), c.push(delta(t + 4).addBid(100.5, 0).addAsk(100.5, 2)));
    }

    @Test
    void oneSidedBookEmitsNothing() {
        Chain c = new Chain(mid);
        long t = BASE;
        assertEquals(List.of(), c.push(snapshot(t).addBid(100, 1).addBid(99, 2)), "bids only");
        assertEquals(List.of(midEvent(t + 1, 100.5)), c.push(delta(t + 1).addAsk(101, 1)));
        assertEquals(List.of(), c.push(delta(t + 2).addAsk(101, 0)), "asks deleted");
        assertEquals(List.of(), c.push(delta(t + 3).addBid(99.5, 3)), "still one-sided");
        assertEquals(List.of(midEvent(t + 4, 101)), c.push(delta(t + 4).addAsk(102, 1)));
        assertEquals(List.of(), c.push(snapshot(t + 5)), "empty book");
        assertEquals(List.of(), c.push(snapshot(t + 6).addAsk(50, 1)), "asks only");

        // fed directly with hand-made l2_snapshot events
        FeatureTestHarness h = FeatureTestHarness.of(mid);
        assertEquals(List.of(), h.push(0, l2(t, t + 9, d(), d(), d(101), d(1))));
        assertEquals(List.of(), h.push(0, l2(t + 1, t + 10, d(100, 99), d(1, 1), d(), d())));
        assertEquals(List.of(scalar(MidPriceFD.SCHEMA, t + 2, t + 11, 100.25)), h.push(0, l2(t + 2, t + 11, d(100), d(1), d(100.5), d(4))));
    }

    @Test
    void fromTicker() {
        FeatureTestHarness h = FeatureTestHarness.of(tickerMid);
        long t = BASE;
        assertEquals(List.of(midEvent(t, 100.5)), h.push(0, quote(t, 100, 1, 101, 2)));
        assertEquals(List.of(), h.push(0, quote(t + 1, 100, 3, 101, 4)), "sizes only");
        assertEquals(List.of(midEvent(t + 2, 100.25)), h.push(0, quote(t + 2, 100, 3, 100.5, 4)));
        assertEquals(List.of(), h.push(0, quote(t + 3, 99.5, 3, 101, 4)), "different quote, same mid");
        assertEquals(List.of(), h.push(0, quote(t + 4, Double.NaN, 0, 101, 4)), "no bid");
        assertEquals(List.of(), h.push(0, quote(t + 5, 99, 1, Double.NaN, 0)), "no ask");
        assertEquals(List.of(midEvent(t + 6, 30_000.125)), h.push(0, quote(t + 6, 30_000, 1, 30_000.25, 1)));
    }

    @Test
    void depSchemaSelectsTheInput() {
        MidPriceFD def = new MidPriceFD();
        assertEquals(List.of("l2_book.l2_snapshot_fd"), def.dependencies(Params.EMPTY));
        assertEquals(List.of("ticker"), def.dependencies(Params.of("dep_schema", "ticker")));
        assertThrows(IllegalArgumentException.class, () -> def.dependencies(Params.of("dep_schema", "trades")));
    }

    @Test
    void randomBookMatchesTheReferenceMid() {
        for (long seed = 1; seed <= 4; seed++) {
            List<BookUpdate> in = TestEvents.randomBook(new Random(seed), 3000, BASE);
            Chain c = new Chain(mid);
            TestEvents.RefBook ref = new TestEvents.RefBook();
            double last = Double.NaN;
            int emitted = 0;
            for (int i = 0; i < in.size(); i++) {
                BookUpdate u = in.get(i);
                List<Event> expected = new ArrayList<>();
                if (ref.apply(u) && !ref.bids.isEmpty() && !ref.asks.isEmpty()) {
                    double m = (ref.bestBid() + ref.bestAsk()) / 2;
                    if (m != last) {
                        expected.add(scalar(MidPriceFD.SCHEMA, u.ts(), u.receiptTs(), m));
                        last = m;
                    }
                }
                emitted += expected.size();
                assertEquals(expected, c.push(u), "seed " + seed + ", message " + i);
            }
            assertTrue(emitted > 50, "emitted " + emitted);
        }
    }

    static List<Quote> randomQuotes(Random rnd, int n) {
        List<Quote> out = new ArrayList<>();
        long t = BASE;
        double bid = 30_000, ask = 30_000.5;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(3) * 100 * MS + rnd.nextInt(1000);
            switch (rnd.nextInt(5)) {
                case 0 -> bid += 0.25 * (rnd.nextInt(5) - 2);
                case 1 -> ask += 0.25 * (rnd.nextInt(5) - 2);
                default -> {
                }
            }
            if (ask <= bid) {
                ask = bid + 0.25;
            }
            double b = rnd.nextInt(20) == 0 ? Double.NaN : bid;
            out.add(new Quote().set(t, t + RECEIPT_LAG, b, 1 + rnd.nextInt(5), ask, 1 + rnd.nextInt(5)));
        }
        return out;
    }

    @Test
    void randomTickerMatchesTheReferenceMid() {
        List<Quote> in = randomQuotes(new Random(11), 5000);
        FeatureTestHarness h = FeatureTestHarness.of(tickerMid);
        double last = Double.NaN;
        for (int i = 0; i < in.size(); i++) {
            Quote q = in.get(i);
            List<Event> expected = new ArrayList<>();
            if (!Double.isNaN(q.bidPrice()) && !Double.isNaN(q.askPrice())) {
                double m = (q.bidPrice() + q.askPrice()) / 2;
                if (m != last) {
                    expected.add(scalar(MidPriceFD.SCHEMA, q.ts(), q.receiptTs(), m));
                    last = m;
                }
            }
            assertEquals(expected, h.push(0, q), "quote " + i);
        }
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<Event> snapshots = TestEvents.run(snap, TestEvents.randomBook(new Random(3), 3000, BASE));
        TestEvents.assertRestoreMatches(mid, snapshots);
        TestEvents.assertRestoreMatches(tickerMid, randomQuotes(new Random(4), 2000));
    }

    @Test
    void outputCarriesTheInputTimestamps() {
        FeatureTestHarness h = FeatureTestHarness.of(tickerMid);
        Event e = h.push(0, new Quote().set(BASE + 5, BASE + 77, 1, 1, 3, 1)).get(0);
        assertEquals(BASE + 5, e.ts());
        assertEquals(BASE + 77, e.receiptTs());
        assertEquals(2.0, e.getDouble(0));
        assertEquals(RECEIPT_LAG, quote(0, 1, 1, 2, 2).receiptTs());
    }
}
