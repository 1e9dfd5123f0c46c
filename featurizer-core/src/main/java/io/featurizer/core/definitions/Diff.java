package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.WindowAggregator;

import java.util.List;

/**
 * {@code transforms.diff}: relative change (last − first) / first over a time {@code window}
 * (default 1m) of any single-value feature, wired with the config's {@code deps}. Emits on every
 * input; no value while the window's first value is 0.
 */
public final class Diff extends WindowedFD {
    public static final Schema SCHEMA = Schema.ofDoubles("diff", "diff");

    @Override
    public String name() {
        return "transforms.diff";
    }

    private static final List<ParamSpec> PARAMS = List.of(windowParam("the time window over the input feature; also the lookback"));

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    Schema windowedSchema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of(ANY_FEATURE);
    }

    @Override
    public void validateInputs(Params params, List<Feature> children) {
        if (children.size() != 1) {
            throw new IllegalArgumentException("transforms.diff takes exactly one feature, got " + children.size());
        }
        valueField(children.get(0).schema(), children.get(0).name());
    }

    /** Index of the single scalar field of a single-value feature. */
    static int valueField(Schema s, String featureName) {
        if (s.size() != 1 || s.type(0) == FieldType.DOUBLE_ARRAY) {
            throw new IllegalArgumentException("transforms.diff needs a single-value feature, but " + featureName + " has fields " + s);
        }
        return 0;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        int field = valueField(ctx.inputSchema(0), ctx.feature().children().get(0).name());
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(window(ctx.params()), SCHEMA, new WindowAggregator() {
            @Override
            public int width() {
                return 1;
            }

            @Override
            public boolean extract(Event event, double[] row, int off) {
                row[off] = event.getDouble(field);
                return true;
            }

            @Override
            public void add(double[] data, int off) {
            }

            @Override
            public void remove(double[] data, int off) {
            }

            @Override
            public void reset() {
            }

            @Override
            public boolean result(Window w, FeatureEvent out) {
                double first = w.valueAt(0, 0);
                if (first == 0) {
                    return false;
                }
                out.set(0, (w.valueAt(w.size() - 1, 0) - first) / first);
                return true;
            }
        }));
    }
}
