package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;

/** {@code flow.arrival_rate}: trades per second over the window: the trade count divided by the window in seconds. */
public final class ArrivalRateFD extends TradeWindowFD {
    public static final Schema SCHEMA = Schema.ofDoubles("arrival_rate", "arrival_rate");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("arrival_rate");

    public ArrivalRateFD() {
        super(SCHEMA);
    }

    @Override
    public String name() {
        return "flow.arrival_rate";
    }

    @Override
    TradeSums aggregator(long windowNanos) {
        return new Rate(windowNanos);
    }

    /** The count over the window's length (the window is fixed, not the span of its trades). */
    static final class Rate extends TradeSums {
        private final double windowSeconds;

        Rate(long windowNanos) {
            super(false, false);
            this.windowSeconds = windowNanos / 1e9;
        }

        @Override
        public boolean finish(Sums s, FeatureEvent out) {
            OUT.set(out, (s.buys + s.sells) / windowSeconds);
            return true;
        }
    }
}
