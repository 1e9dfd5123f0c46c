package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * A range-based volatility estimator over the last {@code bars} bars of any bar feature ({@code bars.*},
 * {@code ohlcv.ohlcv_fd}) wired with the config's {@code deps}. Emits, on every bar once {@code bars} of them are in
 * the window, the per-bar variance and its square root, the per-bar volatility: neither annualised. The window
 * counts bars, whose span in time the definition cannot know, so the lookback is the whole history.
 */
abstract class RangeVolatilityFD extends FeatureDefinition {
    static final Schema SCHEMA = Schema.ofDoubles("range_volatility", "variance", "volatility");
    static final Schema.DoubleField VARIANCE = SCHEMA.doubleField("variance"), VOLATILITY = SCHEMA.doubleField("volatility");
    /** Terms are scaled by powers of two (exact) before exact summation, so small log ranges keep their precision. */
    static final double SQUARE_SCALE = 0x1p40, SCALE = 0x1p20;

    /** The smallest window this estimator is defined for. */
    abstract int minBars();

    private final ParamSpec barsParam = ParamSpec.integer("bars", "bars in the window").withDefault(20)
            .rule(v -> (v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim())) >= minBars(), "an integer >= " + minBars());

    final int bars(Params params) {
        return barsParam.intValue(params);
    }

    @Override
    public final List<ParamSpec> paramSpecs() {
        return List.of(barsParam);
    }

    @Override
    public final Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    public final List<String> dependencies(Params params) {
        return List.of(ANY_FEATURE);
    }

    @Override
    public final long lookbackNanos(Params params) {
        return WHOLE_HISTORY;
    }

    @Override
    public final void validateInputs(Params params, List<Feature> children) {
        if (children.size() != 1) {
            throw new IllegalArgumentException(name() + " takes exactly one bar feature, got " + children.size());
        }
        Schema in = children.get(0).schema();
        if (!BarSchema.hasOhlc(in)) {
            throw new IllegalArgumentException(name() + " needs a bar feature (bars.*, ohlcv.ohlcv_fd) with open, high, low and close, but "
                    + children.get(0).name() + " has fields " + in);
        }
    }

    /** The input's open, high, low and close handles, resolved once when the operator is built. */
    record Ohlc(Schema.DoubleField open, Schema.DoubleField high, Schema.DoubleField low, Schema.DoubleField close) {
        static Ohlc of(Schema s) {
            return new Ohlc(s.doubleField("open"), s.doubleField("high"), s.doubleField("low"), s.doubleField("close"));
        }

        /** All four prices positive (logs defined). */
        boolean valid(io.featurizer.core.event.Event e) {
            return open.get(e) > 0 && high.get(e) > 0 && low.get(e) > 0 && close.get(e) > 0;
        }
    }

    /** Writes variance and volatility (√ of a negative rounding residue is 0). */
    static void write(double variance, io.featurizer.core.event.FeatureEvent out) {
        VARIANCE.set(out, variance);
        VOLATILITY.set(out, Math.sqrt(Math.max(0, variance)));
    }
}
