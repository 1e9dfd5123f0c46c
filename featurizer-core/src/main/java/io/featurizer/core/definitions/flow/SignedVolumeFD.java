package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;

/** {@code flow.signed_volume}: Σ side·amount of the trades in the window (taker buy +1, taker sell −1), in base units. */
public final class SignedVolumeFD extends TradeWindowFD {
    public static final Schema SCHEMA = Schema.ofDoubles("signed_volume", "signed_volume");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("signed_volume");

    public SignedVolumeFD() {
        super(SCHEMA);
    }

    @Override
    public String name() {
        return "flow.signed_volume";
    }

    @Override
    TradeSums aggregator(long windowNanos) {
        return new Signed();
    }

    /** Taker buy volume minus taker sell volume, exact. */
    static final class Signed extends TradeSums {
        Signed() {
            super(true, false);
        }

        @Override
        public boolean finish(Sums s, FeatureEvent out) {
            OUT.set(out, s.signedVolume.value());
            return true;
        }
    }
}
