package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;

/** {@code flow.vwap}: rolling volume-weighted average price Σ price·amount / Σ amount of the trades in the window, in quote units; NaN when the window's volume is 0. */
public final class VwapFD extends TradeWindowFD {
    public static final Schema SCHEMA = Schema.ofDoubles("vwap", "vwap");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("vwap");

    public VwapFD() {
        super(SCHEMA);
    }

    @Override
    public String name() {
        return "flow.vwap";
    }

    @Override
    TradeSums aggregator(long windowNanos) {
        return new Vwap();
    }

    /** Exact notional over exact volume. */
    static final class Vwap extends TradeSums {
        Vwap() {
            super(false, true);
        }

        @Override
        public boolean finish(Sums s, FeatureEvent out) {
            double volume = s.volume.value();
            OUT.set(out, volume == 0 ? Double.NaN : s.notional.value() / volume);
            return true;
        }
    }
}
