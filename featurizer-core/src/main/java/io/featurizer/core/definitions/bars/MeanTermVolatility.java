package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;

/**
 * The mean of one per-bar variance term over a full window of {@code bars} bars (Parkinson, Garman-Klass): an exact
 * sum of the scaled terms and their count, invertible. An element is the bar's term times {@link RangeVolatilityFD#SQUARE_SCALE}.
 */
abstract class MeanTermVolatility implements Aggregator<MeanTermVolatility.Sum> {
    private final RangeVolatilityFD.Ohlc in;
    private final int bars;

    /** The intermediate: Σ term·scale, exact, and the bar count. */
    static final class Sum {
        final FixedPointSum terms = new FixedPointSum();
        int n;
    }

    MeanTermVolatility(RangeVolatilityFD.Ohlc in, int bars) {
        this.in = in;
        this.bars = bars;
    }

    /** The variance term of one bar from its log high/low range u = ln(H/L) and log body c = ln(C/O). */
    abstract double term(double u, double c);

    @Override
    public int width() {
        return 1;
    }

    @Override
    public boolean extract(Event event, double[] row, int off) {
        if (!in.valid(event)) {
            return false; // a non-positive price has no log: the bar is skipped
        }
        double u = Math.log(in.high().get(event) / in.low().get(event));
        double c = Math.log(in.close().get(event) / in.open().get(event));
        row[off] = term(u, c) * RangeVolatilityFD.SQUARE_SCALE;
        return true;
    }

    @Override
    public Sum create() {
        return new Sum();
    }

    @Override
    public void clear(Sum s) {
        s.terms.reset();
        s.n = 0;
    }

    @Override
    public void update(Sum s, double[] row, int off) {
        s.terms.add(row[off]);
        s.n++;
    }

    @Override
    public boolean invertible() {
        return true;
    }

    @Override
    public void remove(Sum s, double[] row, int off) {
        s.terms.remove(row[off]);
        s.n--;
    }

    @Override
    public void merge(Sum into, Sum later) {
        into.terms.add(later.terms);
        into.n += later.n;
    }

    @Override
    public boolean finish(Sum s, FeatureEvent out) {
        if (s.n < bars) {
            return false; // fewer bars than the window: no value yet
        }
        RangeVolatilityFD.write(s.terms.value() / RangeVolatilityFD.SQUARE_SCALE / s.n, out);
        return true;
    }
}
