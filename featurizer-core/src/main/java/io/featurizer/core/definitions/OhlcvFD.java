package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * {@code ohlcv.ohlcv_fd}: time bars of trades over epoch-aligned buckets of {@code window} (default
 * 1m): open, high, low, close, volume (sum of amounts), vwap (Σ price·amount / Σ amount) and
 * num_trades. A bar is emitted when the first trade of a later bucket arrives; its {@code ts} is
 * the bucket's end (the moment every trade in it had happened, so joins on it never see the
 * future) and its {@code receiptTs} that of the trade that closed it. Buckets without trades emit
 * no bar. The original's version mixed buckets and windows; this is the intended bar.
 */
public final class OhlcvFD extends WindowedFD {
    public static final Schema SCHEMA = Schema.builder("ohlcv")
            .addDouble("open").addDouble("high").addDouble("low").addDouble("close")
            .addDouble("volume").addDouble("vwap").addLong("num_trades").build();
    public static final int OPEN = 0, HIGH = 1, LOW = 2, CLOSE = 3, VOLUME = 4, VWAP = 5, NUM_TRADES = 6;

    @Override
    public String name() {
        return "ohlcv.ohlcv_fd";
    }

    private static final List<ParamSpec> PARAMS = List.of(windowParam("bar length: epoch-aligned buckets; also the lookback"), DepSchemas.TRADES);

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    Schema windowedSchema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new Operator(window(ctx.params()), ctx.newOutput());
    }

    static final class Operator implements FeatureOperator {
        private final long bucketNanos;
        private final FeatureEvent out;
        private boolean open;
        private long bucket;
        private double o, h, l, c, volume, notional;
        private long trades;

        Operator(long bucketNanos, FeatureEvent out) {
            this.bucketNanos = bucketNanos;
            this.out = out;
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            Trade t = (Trade) event;
            long b = Math.floorDiv(t.ts(), bucketNanos);
            if (open && b < bucket) {
                return; // a trade older than the bar being built: its bar was already emitted
            }
            if (open && b > bucket) {
                out.setTimes((bucket + 1) * bucketNanos, t.receiptTs());
                out.set(OPEN, o).set(HIGH, h).set(LOW, l).set(CLOSE, c).set(VOLUME, volume)
                        .set(VWAP, volume == 0 ? c : notional / volume).setLong(NUM_TRADES, trades);
                emitter.emit(out);
                open = false;
            }
            double p = t.price();
            if (!open) {
                open = true;
                bucket = b;
                o = h = l = p;
                volume = notional = 0;
                trades = 0;
            }
            h = Math.max(h, p);
            l = Math.min(l, p);
            c = p;
            volume += t.amount();
            notional += p * t.amount();
            trades++;
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }

        @Override
        public void snapshot(DataOutput d) throws IOException {
            d.writeBoolean(open);
            d.writeLong(bucket);
            d.writeDouble(o);
            d.writeDouble(h);
            d.writeDouble(l);
            d.writeDouble(c);
            d.writeDouble(volume);
            d.writeDouble(notional);
            d.writeLong(trades);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            open = in.readBoolean();
            bucket = in.readLong();
            o = in.readDouble();
            h = in.readDouble();
            l = in.readDouble();
            c = in.readDouble();
            volume = in.readDouble();
            notional = in.readDouble();
            trades = in.readLong();
        }
    }
}
