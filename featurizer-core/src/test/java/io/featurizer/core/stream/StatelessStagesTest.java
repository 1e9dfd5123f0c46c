package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.featurizer.core.stream.ToolkitFixtures.overTrades;
import static io.featurizer.core.stream.ToolkitFixtures.randomTrades;
import static io.featurizer.core.stream.ToolkitFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** map and filter stages, driven through a test definition and FeatureTestHarness. */
class StatelessStagesTest {
    static final Schema NOTIONAL = Schema.builder("notional").addDouble("notional").addDouble("signed_amount").addLong("side").build();

    static Feature notionalFeature() {
        return overTrades("notional", NOTIONAL, p -> p.input(0).map(NOTIONAL, (in, out) -> {
            double amount = in.getDouble(Trade.AMOUNT);
            out.set(0, in.getDouble(Trade.PRICE) * amount);
            out.set(1, in.getLong(Trade.SIDE) * amount);
            out.setLong(2, in.getLong(Trade.SIDE));
        }));
    }

    @Test
    void mapWritesFieldsAndKeepsTheInputTimestamps() {
        FeatureTestHarness h = FeatureTestHarness.of(notionalFeature());
        List<Event> out1 = h.push(0, trade(1_000, Side.BUY, 100.0, 0.5, 1));
        List<Event> out2 = h.push(0, trade(2_000, Side.SELL, 20.0, 2.25, 2));
        assertEquals(1, out1.size());
        assertEquals(1, out2.size());
        Event a = out1.get(0);
        Event b = out2.get(0);
        assertEquals(NOTIONAL, a.schema());
        assertEquals(1_000, a.ts());
        assertEquals(2_000, a.receiptTs());
        assertEquals(50.0, a.getDouble(0));
        assertEquals(0.5, a.getDouble(1));
        assertEquals(1, a.getLong(2));
        assertEquals(2_000, b.ts());
        assertEquals(3_000, b.receiptTs());
        assertEquals(45.0, b.getDouble(0));
        assertEquals(-2.25, b.getDouble(1));
        assertEquals(-1, b.getLong(2));
        // the harness kept copies: the first output was not overwritten by the second
        assertEquals(50.0, h.outputs().get(0).getDouble(0));
    }

    @Test
    void mapOverManyTradesMatchesADirectComputation() {
        List<Trade> trades = randomTrades(1, 2_000, 1_000_000, new long[] {0, 1, 1_000});
        List<Event> out = FeatureTestHarness.of(notionalFeature()).pushAll(trades);
        assertEquals(trades.size(), out.size());
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            Event e = out.get(i);
            assertEquals(t.ts(), e.ts());
            assertEquals(t.receiptTs(), e.receiptTs());
            assertEquals(t.price() * t.amount(), e.getDouble(0));
            assertEquals(t.side() * t.amount(), e.getDouble(1));
            assertEquals(t.side(), e.getLong(2));
        }
    }

    @Test
    void filterKeepsExactlyTheAcceptedEventsUnchanged() {
        Feature buys = overTrades("buys", Trade.SCHEMA, p -> p.input(0).filter(e -> e.getLong(Trade.SIDE) == Side.BUY));
        List<Trade> trades = randomTrades(2, 1_000, 5_000, new long[] {0, 7, 100});
        List<Event> out = FeatureTestHarness.of(buys).pushAll(trades);
        List<Event> expected = new ArrayList<>();
        for (Trade t : trades) {
            if (t.isBuy()) {
                expected.add(t);
            }
        }
        assertTrue(expected.size() > 300 && expected.size() < 700);
        assertEquals(expected, out); // Event.equals: ts, receiptTs and every value
    }

    @Test
    void filterThenMapThenFilterChains() {
        Schema big = Schema.ofDoubles("big_notional", "notional");
        Feature f = overTrades("chain", big, p -> p.input(0)
                .filter(e -> e.getLong(Trade.SIDE) == Side.SELL)
                .map(big, (in, out) -> out.set(0, in.getDouble(Trade.PRICE) * in.getDouble(Trade.AMOUNT)))
                .filter(e -> e.getDouble(0) >= 200));
        FeatureTestHarness h = FeatureTestHarness.of(f);
        assertEquals(0, h.push(0, trade(1, Side.BUY, 100, 3, 1)).size());   // buy: filtered first
        assertEquals(0, h.push(0, trade(2, Side.SELL, 100, 1, 2)).size());  // 100 < 200
        List<Event> out = h.push(0, trade(3, Side.SELL, 100, 2, 3));         // exactly 200
        assertEquals(1, out.size());
        assertEquals(200.0, out.get(0).getDouble(0));
        assertEquals(3, out.get(0).ts());
        assertEquals(big, out.get(0).schema());
        assertEquals(FieldType.DOUBLE, out.get(0).schema().type(0));
    }

    @Test
    void fanOutDeliversToEveryBranchInConnectionOrder() {
        Schema s = Schema.ofDoubles("x", "x");
        // two outputs from the same input: price then amount, per event
        Feature f = overTrades("fanout", s, p -> {
            EventStream in = p.input(0);
            p.output(in.map(s, (e, o) -> o.set(0, e.getDouble(Trade.PRICE))));
            return in.map(s, (e, o) -> o.set(0, e.getDouble(Trade.AMOUNT)));
        });
        List<Event> out = FeatureTestHarness.of(f).push(0, trade(10, Side.BUY, 101.5, 0.25, 1));
        assertEquals(2, out.size());
        assertEquals(101.5, out.get(0).getDouble(0));
        assertEquals(0.25, out.get(1).getDouble(0));
    }
}
