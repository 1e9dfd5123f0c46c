package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.featurizer.core.stream.ToolkitFixtures.assertRestoreAnywhere;
import static io.featurizer.core.stream.ToolkitFixtures.onInput0;
import static io.featurizer.core.stream.ToolkitFixtures.overTrades;
import static io.featurizer.core.stream.ToolkitFixtures.randomTrades;
import static io.featurizer.core.stream.ToolkitFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** unique: drops events whose values equal the previous event's, timestamps ignored. */
class UniqueStageTest {
    static final Schema PRICE = Schema.ofDoubles("last_price", "price");

    static Feature uniquePrices() {
        return overTrades("unique_price", PRICE, p -> p.input(0).map(PRICE, (in, out) -> out.set(0, in.getDouble(Trade.PRICE))).unique());
    }

    @Test
    void dropsConsecutiveDuplicatesOnly() {
        double[] prices = {10, 10, 11, 11, 10, 12, 12, 12, 10};
        FeatureTestHarness h = FeatureTestHarness.of(uniquePrices());
        List<Long> emittedTs = new ArrayList<>();
        List<Double> emitted = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            for (Event e : h.push(0, trade(100L * (i + 1), Side.BUY, prices[i], 1, i + 1))) {
                emittedTs.add(e.ts());
                emitted.add(e.getDouble(0));
            }
        }
        assertEquals(List.of(10.0, 11.0, 10.0, 12.0, 10.0), emitted);
        assertEquals(List.of(100L, 300L, 500L, 600L, 900L), emittedTs); // the first event of each run passes
    }

    @Test
    void timestampsAreIgnoredButEveryValueCounts() {
        Feature f = overTrades("unique_trades", Trade.SCHEMA, p -> p.input(0).unique());
        FeatureTestHarness h = FeatureTestHarness.of(f);
        Trade t = trade(1, Side.BUY, 100, 1, 7);
        assertEquals(List.<Event>of(t), h.push(0, t));
        assertEquals(List.of(), h.push(0, trade(2, Side.BUY, 100, 1, 7)));       // same values, later ts
        assertEquals(1, h.push(0, trade(3, Side.SELL, 100, 1, 7)).size());      // side differs
        assertEquals(1, h.push(0, trade(4, Side.SELL, 100, 1, 8)).size());      // id differs
        assertEquals(1, h.push(0, trade(5, Side.SELL, 100, Math.nextUp(1.0), 8)).size()); // an ulp differs
        assertEquals(List.of(), h.push(0, trade(5, Side.SELL, 100, Math.nextUp(1.0), 8)));
    }

    @Test
    void uniqueAfterAMapThatKeepsTheTradesSchema() {
        // a map may emit FeatureEvents of a market schema (here: trades with the price rounded to 1.0)
        Feature f = overTrades("unique_rounded_trades", Trade.SCHEMA, p -> p.input(0).map(Trade.SCHEMA, (in, out) -> out
                .setLong(Trade.SIDE, in.getLong(Trade.SIDE))
                .set(Trade.PRICE, Math.floor(in.getDouble(Trade.PRICE)))
                .set(Trade.AMOUNT, in.getDouble(Trade.AMOUNT))
                .setLong(Trade.ID, 0)).unique());
        FeatureTestHarness h = FeatureTestHarness.of(f);
        assertEquals(1, h.push(0, trade(1, Side.BUY, 100.25, 1, 1)).size());
        assertEquals(0, h.push(0, trade(2, Side.BUY, 100.75, 1, 2)).size()); // rounds to the same values
        List<Event> out = h.push(0, trade(3, Side.BUY, 101.5, 1, 3));
        assertEquals(1, out.size());
        assertEquals(101.0, out.get(0).getDouble(Trade.PRICE));
    }

    @Test
    void randomPricesMatchAPlainLoop() {
        List<Trade> trades = randomTrades(11, 5_000, 0, new long[] {0, 1, 5});
        List<Event> out = FeatureTestHarness.of(uniquePrices()).pushAll(trades);
        List<long[]> expected = new ArrayList<>();
        double prev = Double.NaN;
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            if (i == 0 || t.price() != prev) {
                expected.add(new long[] {t.ts(), t.receiptTs(), Double.doubleToLongBits(t.price())});
            }
            prev = t.price();
        }
        assertEquals(expected.size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(expected.get(i)[0], out.get(i).ts());
            assertEquals(expected.get(i)[1], out.get(i).receiptTs());
            assertEquals(expected.get(i)[2], Double.doubleToLongBits(out.get(i).getDouble(0)));
        }
    }

    @Test
    void restoredCopyContinuesExactly() {
        List<Trade> trades = randomTrades(12, 800, 0, new long[] {0, 1, 5});
        // cut 1: restoring right after the first event must still drop its duplicate
        assertRestoreAnywhere(uniquePrices(), onInput0(trades), 0, 1, 2, 50, 799);
        Feature f = overTrades("unique_trades2", Trade.SCHEMA, p -> p.input(0).unique());
        List<Trade> dupes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            dupes.add(trade(i, Side.BUY, 100 + (i / 4), 1, i / 4)); // runs of 4 equal values
        }
        assertRestoreAnywhere(f, onInput0(dupes), 1, 2, 5, 39);
    }
}
