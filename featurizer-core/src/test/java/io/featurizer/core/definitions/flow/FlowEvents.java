package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.MidPriceFD;
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

/** Event builders and random streams for the flow and returns tests; nothing here calls the code under test. */
public final class FlowEvents {
    public static final long MS = 1_000_000L;
    public static final long SEC = 1_000_000_000L;
    /** A multiple of one minute since the epoch (so of every grid interval used here). */
    public static final long BASE = 1_700_000_040L * SEC;
    public static final long RECEIPT_LAG = 1_234;

    private FlowEvents() {
    }

    public static Feature trades() {
        return Features.trades("BINANCE", "spot", "BTC-USDT");
    }

    public static Feature mid() {
        return Features.feature("price.mid_price_fd", Map.of(),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), Features.l2Book("BINANCE", "spot", "BTC-USDT")));
    }

    public static Trade buy(long ts, double price, double amount) {
        return new Trade().set(ts, ts + RECEIPT_LAG, Side.BUY, price, amount, ts);
    }

    public static Trade sell(long ts, double price, double amount) {
        return new Trade().set(ts, ts + RECEIPT_LAG, Side.SELL, price, amount, ts);
    }

    public static FeatureEvent mid(long ts, double value) {
        FeatureEvent e = new FeatureEvent(MidPriceFD.SCHEMA);
        e.setTimes(ts, ts + RECEIPT_LAG);
        e.set(0, value);
        return e;
    }

    /** An input of a two-input feature: which child (0 the mid, 1 the trades) and the event. */
    public record Input(int input, Event event) {
    }

    /**
     * Random trades in time order: gaps of 0 (ties) to {@code maxGap}, prices a random walk on a cent grid around 100,
     * amounts in (0, 3] on a 1/8 grid and sometimes 0, sides at random.
     */
    public static List<Trade> randomTrades(SplittableRandom r, int n, long maxGap) {
        List<Trade> out = new ArrayList<>();
        long ts = BASE + r.nextLong(SEC);
        long cents = 10_000;
        for (int i = 0; i < n; i++) {
            ts += r.nextInt(5) == 0 ? 0 : r.nextLong(maxGap + 1);
            cents = Math.max(100, cents + r.nextInt(-20, 21));
            double amount = r.nextInt(12) == 0 ? 0 : (1 + r.nextInt(24)) / 8.0;
            out.add(r.nextBoolean() ? buy(ts, cents / 100.0, amount) : sell(ts, cents / 100.0, amount));
        }
        return out;
    }

    /** Random mids and trades merged in time order (ties too): about one mid per trade; gaps up to {@code maxGap}. */
    public static List<Input> randomMidsAndTrades(SplittableRandom r, int n, long maxGap) {
        List<Input> out = new ArrayList<>();
        long ts = BASE + r.nextLong(SEC);
        long midCents = 10_000;
        for (int i = 0; i < n; i++) {
            ts += r.nextInt(5) == 0 ? 0 : r.nextLong(maxGap + 1);
            if (r.nextBoolean()) {
                midCents = Math.max(100, midCents + r.nextInt(-30, 31));
                out.add(new Input(0, mid(ts, midCents / 100.0)));
            } else {
                double amount = r.nextInt(10) == 0 ? 0 : (1 + r.nextInt(24)) / 8.0;
                double price = (midCents + r.nextInt(-5, 6)) / 100.0;
                out.add(new Input(1, r.nextBoolean() ? buy(ts, price, amount) : sell(ts, price, amount)));
            }
        }
        return out;
    }

    /** |expected − actual| ≤ max(abs, rel·|expected|), NaN equal to NaN. */
    public static boolean close(double expected, double actual, double rel, double abs) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        return Math.abs(expected - actual) <= Math.max(abs, rel * Math.abs(expected));
    }
}
