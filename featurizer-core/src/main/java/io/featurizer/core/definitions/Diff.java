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
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.Windows;

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
    protected Schema windowedSchema(Params params) {
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
        Schema in = ctx.inputSchema(0);
        int field = valueField(in, ctx.feature().children().get(0).name());
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(Windows.slidingTime(window(ctx.params())), SCHEMA, new FirstLast(in.doubleField(in.field(field).name()))));
    }

    /** The window's first and last values: mergeable, not invertible (dropping the first needs the next). */
    static final class FirstLast implements Aggregator<FirstLast.Ends> {
        static final Schema.DoubleField OUT = SCHEMA.doubleField("diff");
        private final Schema.DoubleField in;

        /** The intermediate: the first and last value, if any. */
        static final class Ends {
            double first;
            double last;
            boolean any;
        }

        FirstLast(Schema.DoubleField in) {
            this.in = in;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            row[off] = in.get(event);
            return true;
        }

        @Override
        public Ends create() {
            return new Ends();
        }

        @Override
        public void clear(Ends a) {
            a.any = false;
        }

        @Override
        public void update(Ends a, double[] data, int off) {
            if (!a.any) {
                a.first = data[off];
                a.any = true;
            }
            a.last = data[off];
        }

        @Override
        public void merge(Ends into, Ends later) {
            if (!later.any) {
                return;
            }
            if (!into.any) {
                into.first = later.first;
                into.any = true;
            }
            into.last = later.last;
        }

        @Override
        public boolean finish(Ends a, FeatureEvent out) {
            if (!a.any || a.first == 0) {
                return false;
            }
            OUT.set(out, (a.last - a.first) / a.first);
            return true;
        }
    }
}
