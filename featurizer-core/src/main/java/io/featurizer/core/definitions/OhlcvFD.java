package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

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
    public static final Schema.DoubleField OPEN = SCHEMA.doubleField("open"), HIGH = SCHEMA.doubleField("high"),
            LOW = SCHEMA.doubleField("low"), CLOSE = SCHEMA.doubleField("close"), VOLUME = SCHEMA.doubleField("volume"),
            VWAP = SCHEMA.doubleField("vwap");
    public static final Schema.LongField NUM_TRADES = SCHEMA.longField("num_trades");

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
    protected Schema windowedSchema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(Windows.tumblingTime(window(ctx.params())), SCHEMA, new Bar()));
    }

    /** One bar's open, high, low, close, exact volume and notional, and trade count; an element is [price, amount]. */
    static final class Bar implements Aggregator<Bar.Ohlcv> {
        /** The intermediate of a bar. */
        static final class Ohlcv {
            double open, high, low, close;
            final FixedPointSum volume = new FixedPointSum();
            final FixedPointSum notional = new FixedPointSum();
            long trades;
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
            double p = data[off];
            double amount = data[off + 1];
            if (a.trades == 0) {
                a.open = a.high = a.low = p;
            }
            a.high = Math.max(a.high, p);
            a.low = Math.min(a.low, p);
            a.close = p;
            a.volume.add(amount);
            a.notional.add(p * amount);
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

        @Override
        public boolean finish(Ohlcv a, FeatureEvent out) {
            if (a.trades == 0) {
                return false;
            }
            double volume = a.volume.value();
            OPEN.set(out, a.open);
            HIGH.set(out, a.high);
            LOW.set(out, a.low);
            CLOSE.set(out, a.close);
            VOLUME.set(out, volume);
            VWAP.set(out, volume == 0 ? a.close : a.notional.value() / volume);
            NUM_TRADES.set(out, a.trades);
            return true;
        }
    }
}
