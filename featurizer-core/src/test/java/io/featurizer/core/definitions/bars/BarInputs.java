package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made trades and bars for the bar tests. */
final class BarInputs {
    static final long SEC = 1_000_000_000L;
    static final long BASE = 1_700_000_040L * SEC;
    static final long LAG = 1_234;
    static final Feature TRADES = Features.trades("BINANCE", "spot", "BTC-USDT");

    private BarInputs() {
    }

    static Feature bars(String definition, Map<String, ?> params) {
        return Features.feature(definition, params, TRADES);
    }

    static Trade trade(long ts, double price, double amount, boolean buy) {
        return new Trade().set(ts, ts + LAG, buy ? Side.BUY : Side.SELL, price, amount, ts);
    }

    /**
     * Random trades with prices on a quarter grid and amounts on a 1/16 grid (zero included), so every sum a reference
     * forms with plain doubles is exact; times step by 0 to 3 ms (ties included).
     */
    static List<Trade> randomTrades(SplittableRandom r, int n) {
        List<Trade> out = new ArrayList<>();
        long t = BASE;
        double price = 100;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4) * 1_000_000L;
            price = Math.max(1, price + (r.nextInt(5) - 2) * 0.25);
            out.add(trade(t, price, r.nextInt(48) / 16.0, r.nextBoolean()));
        }
        return out;
    }

    /** A bar event of the {@link BarSchema} layout. */
    static FeatureEvent bar(long ts, double open, double high, double low, double close) {
        FeatureEvent e = new FeatureEvent(BarSchema.BARS);
        e.setTimes(ts, ts + LAG);
        BarSchema.OPEN.set(e, open);
        BarSchema.HIGH.set(e, high);
        BarSchema.LOW.set(e, low);
        BarSchema.CLOSE.set(e, close);
        BarSchema.VOLUME.set(e, 1);
        BarSchema.VWAP.set(e, close);
        BarSchema.NUM_TRADES.set(e, 1);
        return e;
    }

    /** Random valid bars: a random walk of closes, each open near the previous close, high and low around both. */
    static List<FeatureEvent> randomBars(SplittableRandom r, int n) {
        List<FeatureEvent> out = new ArrayList<>();
        double close = 100;
        for (int i = 0; i < n; i++) {
            double open = close * Math.exp((r.nextDouble() - 0.5) * 0.01);
            close = open * Math.exp((r.nextDouble() - 0.5) * 0.02);
            double high = Math.max(open, close) * Math.exp(r.nextDouble() * 0.01);
            double low = Math.min(open, close) * Math.exp(-r.nextDouble() * 0.01);
            if (r.nextInt(10) == 0) {
                high = low = open = close; // a flat bar: one price
            }
            out.add(bar(BASE + i * SEC, open, high, low, close));
        }
        return out;
    }

    /** One expected bar. */
    record ExpectedBar(long ts, long receiptTs, double open, double high, double low, double close, double volume, double vwap, long trades) {
    }

    static void assertBar(ExpectedBar expected, Event actual, String what) {
        assertEquals(expected.ts(), actual.ts(), what + ": ts");
        assertEquals(expected.receiptTs(), actual.receiptTs(), what + ": receiptTs");
        assertEquals(expected.open(), BarSchema.OPEN.get(actual), 0, what + ": open");
        assertEquals(expected.high(), BarSchema.HIGH.get(actual), 0, what + ": high");
        assertEquals(expected.low(), BarSchema.LOW.get(actual), 0, what + ": low");
        assertEquals(expected.close(), BarSchema.CLOSE.get(actual), 0, what + ": close");
        assertEquals(expected.volume(), BarSchema.VOLUME.get(actual), 0, what + ": volume");
        assertEquals(expected.vwap(), BarSchema.VWAP.get(actual), Math.ulp(expected.vwap()), what + ": vwap");
        assertEquals(expected.trades(), BarSchema.NUM_TRADES.get(actual), what + ": num_trades");
    }

    static void assertBars(List<ExpectedBar> expected, List<Event> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": bars");
        for (int i = 0; i < expected.size(); i++) {
            assertBar(expected.get(i), actual.get(i), what + ", bar " + i);
        }
        assertTrue(expected.size() == actual.size());
    }

    /** A bar built the plain way, trade by trade, with double sums (exact on the grids of {@link #randomTrades}). */
    static final class NaiveBar {
        double open, high, low, close, volume, notional;
        long trades;

        void add(Trade t) {
            if (trades == 0) {
                open = high = low = t.price();
            }
            high = Math.max(high, t.price());
            low = Math.min(low, t.price());
            close = t.price();
            volume += t.amount();
            notional += t.price() * t.amount();
            trades++;
        }

        ExpectedBar close(Trade last) {
            return close(last.ts(), last.receiptTs());
        }

        ExpectedBar close(long ts, long receiptTs) {
            ExpectedBar b = new ExpectedBar(ts, receiptTs, open, high, low, close, volume, volume == 0 ? close : notional / volume, trades);
            trades = 0;
            volume = notional = 0;
            return b;
        }
    }
}
