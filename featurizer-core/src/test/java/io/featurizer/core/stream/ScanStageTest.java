package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

import static io.featurizer.core.stream.ToolkitFixtures.assertRestoreAnywhere;
import static io.featurizer.core.stream.ToolkitFixtures.onInput0;
import static io.featurizer.core.stream.ToolkitFixtures.overTrades;
import static io.featurizer.core.stream.ToolkitFixtures.randomTrades;
import static io.featurizer.core.stream.ToolkitFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** scan: folds into a Snapshottable state, emits when the accumulator says so. */
class ScanStageTest {
    static final Schema FLOW = Schema.builder("flow").addDouble("net_amount").addDouble("vwap").addLong("count").build();

    /** Running net signed volume, VWAP numerator/denominator and a count. */
    static final class FlowState implements Snapshottable {
        double net;
        double pv;
        double volume;
        long count;

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeDouble(net);
            out.writeDouble(pv);
            out.writeDouble(volume);
            out.writeLong(count);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            net = in.readDouble();
            pv = in.readDouble();
            volume = in.readDouble();
            count = in.readLong();
        }
    }

    /** Emits on every third trade. A fresh state per operator: the definition builds it in createOperator. */
    static Feature flowFeature() {
        return overTrades("flow", FLOW, p -> p.input(0).scan(FLOW, new FlowState(), ScanStageTest::accumulate));
    }

    static boolean accumulate(FlowState s, Event in, FeatureEvent out) {
        double amount = in.getDouble(Trade.AMOUNT);
        s.net += in.getLong(Trade.SIDE) * amount;
        s.pv += in.getDouble(Trade.PRICE) * amount;
        s.volume += amount;
        s.count++;
        if (s.count % 3 != 0) {
            return false;
        }
        out.set(0, s.net).set(1, s.pv / s.volume).setLong(2, s.count);
        return true;
    }

    @Test
    void emitsTheFoldedStateWhenTheAccumulatorSaysSo() {
        FeatureTestHarness h = FeatureTestHarness.of(flowFeature());
        assertEquals(0, h.push(0, trade(10, Side.BUY, 100, 1, 1)).size());
        assertEquals(0, h.push(0, trade(20, Side.SELL, 102, 3, 2)).size());
        List<Event> out = h.push(0, trade(30, Side.BUY, 104, 4, 3));
        assertEquals(1, out.size());
        Event e = out.get(0);
        assertEquals(30, e.ts());                 // timestamps of the event that triggered the output
        assertEquals(1_030, e.receiptTs());
        assertEquals(2.0, e.getDouble(0));        // +1 -3 +4
        assertEquals((100 + 306 + 416) / 8.0, e.getDouble(1)); // 822 / 8
        assertEquals(3, e.getLong(2));
        assertEquals(0, h.push(0, trade(40, Side.SELL, 100, 2, 4)).size());
    }

    @Test
    void randomTradesMatchAPlainLoop() {
        List<Trade> trades = randomTrades(5, 3_000, 0, new long[] {0, 3, 50});
        List<Event> out = FeatureTestHarness.of(flowFeature()).pushAll(trades);
        assertEquals(1_000, out.size());
        double net = 0;
        double pv = 0;
        double vol = 0;
        int k = 0;
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            net += t.side() * t.amount();
            pv += t.price() * t.amount();
            vol += t.amount();
            if ((i + 1) % 3 == 0) {
                Event e = out.get(k++);
                assertEquals(t.ts(), e.ts());
                assertEquals(t.receiptTs(), e.receiptTs());
                assertEquals(net, e.getDouble(0));
                assertEquals(pv / vol, e.getDouble(1));
                assertEquals(i + 1, e.getLong(2));
            }
        }
    }

    @Test
    void restoredCopyContinuesExactly() {
        List<Trade> trades = randomTrades(6, 600, 0, new long[] {0, 3, 50});
        assertRestoreAnywhere(flowFeature(), onInput0(trades), 0, 1, 2, 3, 100, 301, 599);
    }
}
