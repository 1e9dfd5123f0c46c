package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;

/** {@code flow.trade_count_imbalance}: (buys − sells) / (buys + sells) by count of taker trades in the window, in [−1, 1]. */
public final class TradeCountImbalanceFD extends TradeWindowFD {
    public static final Schema SCHEMA = Schema.ofDoubles("trade_count_imbalance", "imbalance");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("imbalance");

    public TradeCountImbalanceFD() {
        super(SCHEMA);
    }

    @Override
    public String name() {
        return "flow.trade_count_imbalance";
    }

    @Override
    TradeSums aggregator(long windowNanos) {
        return new CountImbalance();
    }

    /** Counts of taker buys and sells. */
    static final class CountImbalance extends TradeSums {
        CountImbalance() {
            super(false, false);
        }

        @Override
        public boolean finish(Sums s, FeatureEvent out) {
            OUT.set(out, (double) (s.buys - s.sells) / (s.buys + s.sells)); // never empty: the window holds the trade emitting it
            return true;
        }
    }
}
