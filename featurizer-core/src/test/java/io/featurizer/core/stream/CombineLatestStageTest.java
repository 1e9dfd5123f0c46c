package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.featurizer.core.stream.ToolkitFixtures.In;
import static io.featurizer.core.stream.ToolkitFixtures.assertRestoreAnywhere;
import static io.featurizer.core.stream.ToolkitFixtures.overTradesAndTicker;
import static io.featurizer.core.stream.ToolkitFixtures.quote;
import static io.featurizer.core.stream.ToolkitFixtures.run;
import static io.featurizer.core.stream.ToolkitFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** combineLatest over two inputs (trades and ticker): fields in{i}_{field}, emits once both have a value. */
class CombineLatestStageTest {
    static final Schema COMBINED = Schema.builder("combine_latest")
            .addLong("in0_side").addDouble("in0_price").addDouble("in0_amount").addLong("in0_id")
            .addDouble("in1_bid_price").addDouble("in1_bid_size").addDouble("in1_ask_price").addDouble("in1_ask_size")
            .build();

    static Feature combined() {
        return overTradesAndTicker("combine", COMBINED, p -> EventStream.combineLatest(p.input(0), p.input(1)));
    }

    private static void assertCombined(Event e, long ts, long receiptTs, Trade t, Quote q) {
        Schema s = e.schema();
        assertEquals(ts, e.ts());
        assertEquals(receiptTs, e.receiptTs());
        assertEquals(t.side(), e.getLong(s.index("in0_side")));
        assertEquals(t.price(), e.getDouble(s.index("in0_price")));
        assertEquals(t.amount(), e.getDouble(s.index("in0_amount")));
        assertEquals(t.id(), e.getLong(s.index("in0_id")));
        assertEquals(q.bidPrice(), e.getDouble(s.index("in1_bid_price")));
        assertEquals(q.bidSize(), e.getDouble(s.index("in1_bid_size")));
        assertEquals(q.askPrice(), e.getDouble(s.index("in1_ask_price")));
        assertEquals(q.askSize(), e.getDouble(s.index("in1_ask_size")));
    }

    @Test
    void schemaNamesFieldsByInputAndKeepsTypes() {
        FeatureTestHarness h = FeatureTestHarness.of(combined());
        h.push(1, quote(1, 99, 1, 101, 2));
        Event e = h.push(0, trade(2, Side.SELL, 100, 0.5, 9_007_199_254_740_993L)).get(0);
        assertEquals(COMBINED.fields(), e.schema().fields());
        assertEquals(FieldType.LONG, e.schema().type(e.schema().index("in0_id")));
        assertEquals(9_007_199_254_740_993L, e.getLong(e.schema().index("in0_id"))); // a long survives exactly
    }

    @Test
    void emitsOnlyOnceBothInputsHaveAValue() {
        FeatureTestHarness h = FeatureTestHarness.of(combined());
        Quote q1 = quote(10, 99, 1, 101, 2);
        Quote q2 = quote(20, 99.5, 3, 100.5, 4);
        Trade t1 = trade(30, Side.BUY, 100.5, 0.25, 1);
        Quote q3 = quote(40, 100, 5, 101, 6);
        Trade t2 = trade(50, Side.SELL, 100, 2, 2);
        assertEquals(0, h.push(1, q1).size());
        assertEquals(0, h.push(1, q2).size());
        List<Event> o1 = h.push(0, t1);
        assertEquals(1, o1.size());
        assertCombined(o1.get(0), 30, 1_030, t1, q2);      // triggering event's timestamps
        List<Event> o2 = h.push(1, q3);
        assertEquals(1, o2.size());
        assertCombined(o2.get(0), 40, 2_040, t1, q3);
        List<Event> o3 = h.push(0, t2);
        assertCombined(o3.get(0), 50, 1_050, t2, q3);
        assertEquals(3, h.outputs().size());
    }

    @Test
    void neverEmitsWhileAnInputIsMissing() {
        FeatureTestHarness h = FeatureTestHarness.of(combined());
        for (int i = 0; i < 100; i++) {
            assertEquals(0, h.push(0, trade(i, Side.BUY, 100, 1, i)).size());
        }
    }

    @Test
    void combinesDerivedStreams() {
        Schema px = Schema.ofDoubles("px", "px");
        Schema mid = Schema.ofDoubles("mid", "mid");
        Schema out = Schema.ofDoubles("combine_latest", "in0_px", "in1_mid");
        Feature f = overTradesAndTicker("combine_derived", out, p -> EventStream.combineLatest(
                p.input(0).filter(e -> e.getLong(Trade.SIDE) == Side.BUY).map(px, (in, o) -> o.set(0, in.getDouble(Trade.PRICE))),
                p.input(1).map(mid, (in, o) -> o.set(0, (in.getDouble(Quote.BID_PRICE) + in.getDouble(Quote.ASK_PRICE)) / 2))));
        FeatureTestHarness h = FeatureTestHarness.of(f);
        assertEquals(0, h.push(0, trade(1, Side.SELL, 7, 1, 1)).size());  // filtered: no value yet
        assertEquals(0, h.push(1, quote(2, 10, 1, 12, 1)).size());
        List<Event> o = h.push(0, trade(3, Side.BUY, 11.5, 1, 2));
        assertEquals(1, o.size());
        assertEquals(out.fields(), o.get(0).schema().fields());
        assertEquals(11.5, o.get(0).getDouble(0));
        assertEquals(11.0, o.get(0).getDouble(1));
        assertEquals(0, h.push(0, trade(4, Side.SELL, 7, 1, 3)).size()); // filtered sell: no output
    }

    @Test
    void combinesAMapOutputThatKeepsTheTickerSchema() {
        // a map may emit FeatureEvents of a market schema (here: the ticker with sizes scaled)
        Feature f = overTradesAndTicker("combine_mapped_ticker", COMBINED, p -> EventStream.combineLatest(p.input(0),
                p.input(1).map(Quote.SCHEMA, (in, o) -> o
                        .set(Quote.BID_PRICE, in.getDouble(Quote.BID_PRICE)).set(Quote.BID_SIZE, 10 * in.getDouble(Quote.BID_SIZE))
                        .set(Quote.ASK_PRICE, in.getDouble(Quote.ASK_PRICE)).set(Quote.ASK_SIZE, 10 * in.getDouble(Quote.ASK_SIZE)))));
        FeatureTestHarness h = FeatureTestHarness.of(f);
        Trade t = trade(1, Side.BUY, 100, 1, 1);
        h.push(0, t);
        List<Event> out = h.push(1, quote(2, 99, 1.5, 101, 2.5));
        assertEquals(1, out.size());
        assertCombined(out.get(0), 2, 2_002, t, quote(2, 99, 15, 101, 25));
    }

    static List<In> randomMix(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<In> ins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = 1_000L * i;
            if (r.nextInt(3) == 0) {
                ins.add(new In(0, trade(ts, r.nextBoolean() ? Side.BUY : Side.SELL, 100 + r.nextInt(10), 1 + r.nextInt(5), i)));
            } else {
                double bid = 99 + r.nextInt(3);
                ins.add(new In(1, quote(ts, bid, r.nextInt(9), bid + 1, r.nextInt(9))));
            }
        }
        return ins;
    }

    @Test
    void randomMixMatchesAPlainLoop() {
        List<In> ins = randomMix(13, 2_000);
        List<Event> out = run(FeatureTestHarness.of(combined()), ins);
        Trade lastT = null;
        Quote lastQ = null;
        int k = 0;
        for (In in : ins) {
            if (in.input() == 0) {
                lastT = (Trade) in.event();
            } else {
                lastQ = (Quote) in.event();
            }
            if (lastT != null && lastQ != null) {
                assertCombined(out.get(k++), in.event().ts(), in.event().receiptTs(), lastT, lastQ);
            }
        }
        assertEquals(k, out.size());
    }

    @Test
    void restoredCopyContinuesExactly() {
        // starts with quotes only, so early cuts restore a half-filled state
        List<In> ins = new ArrayList<>();
        ins.add(new In(1, quote(1, 99, 1, 101, 1)));
        ins.add(new In(1, quote(2, 98, 1, 101, 1)));
        ins.addAll(randomMix(14, 600));
        assertTrue(ins.get(2).input() == 0 || ins.get(3).input() == 0 || ins.get(4).input() == 0);
        assertRestoreAnywhere(combined(), ins, 0, 1, 2, 3, 4, 300, 601);
    }
}
