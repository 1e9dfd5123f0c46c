package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;

/** {@code flow.trade_count}: the number of trades in the window. */
public final class TradeCountFD extends TradeWindowFD {
    public static final Schema SCHEMA = Schema.ofDoubles("trade_count", "trade_count");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("trade_count");

    public TradeCountFD() {
        super(SCHEMA);
    }

    @Override
    public String name() {
        return "flow.trade_count";
    }

    @Override
    TradeSums aggregator(long windowNanos) {
        return new Count();
    }

    /** Buys plus sells. */
    static final class Count extends TradeSums {
        Count() {
            super(false, false);
        }

        @Override
        public boolean finish(Sums s, FeatureEvent out) {
            OUT.set(out, s.buys + s.sells);
            return true;
        }
    }
}
