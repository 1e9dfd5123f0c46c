package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Trade;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One bar of trades: open, high, low, close, exact volume and notional, and the trade count; an element is
 * [price, amount]. Time bars run it in a tumbling window; threshold bars ({@link ThresholdBarOperator}) hold one
 * {@link Ohlcv} in their state and close it by their own rule: one mechanism for the bar's content.
 */
public final class BarAggregator implements Aggregator<BarAggregator.Ohlcv> {
    /** The intermediate of a bar; snapshots itself so a threshold bar can declare it as operator state. */
    public static final class Ohlcv implements Snapshottable {
        double open, high, low, close;
        final FixedPointSum volume = new FixedPointSum();
        final FixedPointSum notional = new FixedPointSum();
        long trades;

        /** Trades in the bar so far. */
        public long trades() {
            return trades;
        }

        /** Exact Σ amount. */
        public FixedPointSum volume() {
            return volume;
        }

        /** Exact Σ price·amount. */
        public FixedPointSum notional() {
            return notional;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeDouble(open);
            out.writeDouble(high);
            out.writeDouble(low);
            out.writeDouble(close);
            volume.snapshot(out);
            notional.snapshot(out);
            out.writeLong(trades);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            open = in.readDouble();
            high = in.readDouble();
            low = in.readDouble();
            close = in.readDouble();
            volume.restore(in);
            notional.restore(in);
            trades = in.readLong();
        }
    }

    @Override
    public int width() {
        return 2;
    }

    @Override
    public boolean extract(Event event, double[] row, int off) {
        Trade t = (Trade) event;
        row[off] = t.price();
        row[off + 1] = t.amount();
        return true;
    }

    @Override
    public Ohlcv create() {
        return new Ohlcv();
    }

    @Override
    public void clear(Ohlcv a) {
        a.volume.reset();
        a.notional.reset();
        a.trades = 0;
    }

    @Override
    public void update(Ohlcv a, double[] data, int off) {
        add(a, data[off], data[off + 1]);
    }

    /** Adds one trade. */
    public static void add(Ohlcv a, double price, double amount) {
        if (a.trades == 0) {
            a.open = a.high = a.low = price;
        }
        a.high = Math.max(a.high, price);
        a.low = Math.min(a.low, price);
        a.close = price;
        a.volume.add(amount);
        a.notional.add(price * amount);
        a.trades++;
    }

    @Override
    public void merge(Ohlcv into, Ohlcv later) {
        if (later.trades == 0) {
            return;
        }
        if (into.trades == 0) {
            into.open = later.open;
            into.high = later.high;
            into.low = later.low;
        }
        into.high = Math.max(into.high, later.high);
        into.low = Math.min(into.low, later.low);
        into.close = later.close;
        into.volume.add(later.volume);
        into.notional.add(later.notional);
        into.trades += later.trades;
    }

    /** Writes the bar by index into any schema of the {@link BarSchema} layout; no bar without a trade. */
    @Override
    public boolean finish(Ohlcv a, FeatureEvent out) {
        if (a.trades == 0) {
            return false;
        }
        double volume = a.volume.value();
        BarSchema.OPEN.set(out, a.open);
        BarSchema.HIGH.set(out, a.high);
        BarSchema.LOW.set(out, a.low);
        BarSchema.CLOSE.set(out, a.close);
        BarSchema.VOLUME.set(out, volume);
        BarSchema.VWAP.set(out, volume == 0 ? a.close : a.notional.value() / volume); // zero volume: the close
        BarSchema.NUM_TRADES.set(out, a.trades);
        return true;
    }
}
