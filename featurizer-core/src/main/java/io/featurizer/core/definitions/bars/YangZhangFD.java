package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@code returns.yang_zhang}: Yang and Zhang (2000), σ² = σ²_O + k·σ²_C + (1 − k)·σ²_RS over n = {@code bars} bars with
 * k = 0.34 / (1.34 + (n + 1)/(n − 1)); σ²_O and σ²_C are the sample variances (n − 1) of the open jumps
 * o = ln(O/C_prev) and the bodies c = ln(C/O), σ²_RS the mean Rogers-Satchell term ln(H/C)·ln(H/O) + ln(L/C)·ln(L/O).
 * A bar's open jump needs the close before it, so the first bar of the stream only supplies that close.
 */
public final class YangZhangFD extends RangeVolatilityFD {
    static final Schema TERMS = Schema.ofDoubles("yang_zhang_terms", "open_jump", "body", "rogers_satchell");
    static final Schema.DoubleField OPEN_JUMP = TERMS.doubleField("open_jump"), BODY = TERMS.doubleField("body"),
            ROGERS_SATCHELL = TERMS.doubleField("rogers_satchell");

    @Override
    public String name() {
        return "returns.yang_zhang";
    }

    @Override
    int minBars() {
        return 2;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        int n = bars(ctx.params());
        Ohlc in = Ohlc.of(ctx.inputSchema(0));
        return p.output(p.input(0).scan(TERMS, new PreviousClose(), (prev, bar, out) -> terms(in, prev, bar, out))
                .window(Windows.slidingCount(n), SCHEMA, new Sums(n)));
    }

    /** The close of the last valid bar. */
    static final class PreviousClose implements Snapshottable {
        double close = Double.NaN;

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeDouble(close);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            close = in.readDouble();
        }
    }

    /** One bar's open jump, body and Rogers-Satchell term; nothing for the first bar or one with a non-positive price. */
    static boolean terms(Ohlc in, PreviousClose prev, Event bar, FeatureEvent out) {
        if (!in.valid(bar)) {
            return false;
        }
        double o = in.open().get(bar), h = in.high().get(bar), l = in.low().get(bar), c = in.close().get(bar);
        double previous = prev.close;
        prev.close = c;
        if (Double.isNaN(previous)) {
            return false;
        }
        out.set(OPEN_JUMP, Math.log(o / previous));
        out.set(BODY, Math.log(c / o));
        out.set(ROGERS_SATCHELL, Math.log(h / c) * Math.log(h / o) + Math.log(l / c) * Math.log(l / o));
        return true;
    }

    /** Exact scaled Σo, Σo², Σc, Σc², ΣRS and the count: invertible. An element is [o, c, rs] of one bar. */
    static final class Sums implements Aggregator<Sums.Moments> {
        private final int bars;
        private final double k;

        static final class Moments {
            final FixedPointSum o = new FixedPointSum(), o2 = new FixedPointSum(), c = new FixedPointSum(), c2 = new FixedPointSum(),
                    rs = new FixedPointSum();
            int n;
        }

        Sums(int bars) {
            this.bars = bars;
            this.k = 0.34 / (1.34 + (bars + 1.0) / (bars - 1.0));
        }

        @Override
        public int width() {
            return 3;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            row[off] = event.getDouble(OPEN_JUMP);
            row[off + 1] = event.getDouble(BODY);
            row[off + 2] = event.getDouble(ROGERS_SATCHELL);
            return true;
        }

        @Override
        public Moments create() {
            return new Moments();
        }

        @Override
        public void clear(Moments m) {
            m.o.reset();
            m.o2.reset();
            m.c.reset();
            m.c2.reset();
            m.rs.reset();
            m.n = 0;
        }

        @Override
        public void update(Moments m, double[] row, int off) {
            double o = row[off], c = row[off + 1];
            m.o.add(o * SCALE);
            m.o2.add(o * o * SQUARE_SCALE);
            m.c.add(c * SCALE);
            m.c2.add(c * c * SQUARE_SCALE);
            m.rs.add(row[off + 2] * SQUARE_SCALE);
            m.n++;
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Moments m, double[] row, int off) {
            double o = row[off], c = row[off + 1];
            m.o.remove(o * SCALE);
            m.o2.remove(o * o * SQUARE_SCALE);
            m.c.remove(c * SCALE);
            m.c2.remove(c * c * SQUARE_SCALE);
            m.rs.remove(row[off + 2] * SQUARE_SCALE);
            m.n--;
        }

        @Override
        public void merge(Moments into, Moments later) {
            into.o.add(later.o);
            into.o2.add(later.o2);
            into.c.add(later.c);
            into.c2.add(later.c2);
            into.rs.add(later.rs);
            into.n += later.n;
        }

        @Override
        public boolean finish(Moments m, FeatureEvent out) {
            if (m.n < bars) {
                return false; // fewer bars than the window: no value yet
            }
            int n = m.n;
            double open = sampleVariance(m.o, m.o2, n);
            double body = sampleVariance(m.c, m.c2, n);
            double rs = m.rs.value() / SQUARE_SCALE / n;
            write(open + k * body + (1 - k) * rs, out);
            return true;
        }

        /** Σ(x − x̄)²/(n − 1) from the scaled exact sums. */
        private static double sampleVariance(FixedPointSum sum, FixedPointSum sumSq, int n) {
            double s = sum.value() / SCALE;
            double s2 = sumSq.value() / SQUARE_SCALE;
            return Math.max(0, (s2 - s * s / n) / (n - 1));
        }
    }
}
