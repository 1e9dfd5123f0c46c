package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Schema;

/**
 * The fields every bar emits, in this order: open, high, low, close, volume (Σ amount), vwap (Σ price·amount / Σ amount)
 * and num_trades. Time bars ({@code ohlcv.ohlcv_fd}, {@code bars.time}) and threshold bars share the layout, so a
 * range-volatility estimator or a transform reads any of them with the same handles.
 */
public final class BarSchema {
    private BarSchema() {
    }

    /** The bar layout under a schema name. */
    public static Schema named(String name) {
        return Schema.builder(name)
                .addDouble("open").addDouble("high").addDouble("low").addDouble("close")
                .addDouble("volume").addDouble("vwap").addLong("num_trades").build();
    }

    /** The schema of the {@code bars.*} definitions. */
    public static final Schema BARS = named("bar");
    public static final Schema.DoubleField OPEN = BARS.doubleField("open"), HIGH = BARS.doubleField("high"),
            LOW = BARS.doubleField("low"), CLOSE = BARS.doubleField("close"), VOLUME = BARS.doubleField("volume"),
            VWAP = BARS.doubleField("vwap");
    public static final Schema.LongField NUM_TRADES = BARS.longField("num_trades");

    /** True when {@code s} carries open, high, low and close (any bar feature). */
    public static boolean hasOhlc(Schema s) {
        return s.has("open") && s.has("high") && s.has("low") && s.has("close");
    }
}
