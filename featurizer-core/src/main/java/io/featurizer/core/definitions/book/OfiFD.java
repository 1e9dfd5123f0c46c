package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

import java.util.List;

/**
 * {@code flow.ofi}: the order-flow imbalance of Cont, Kukanov and Stoikov (2014) at the top of the book:
 * e_n of each l2_snapshot event against the one before ({@link LevelFlow}, level 1), and its sum over the
 * sliding time {@code window}. One output per snapshot event after the first; in units of size.
 */
public final class OfiFD extends WindowedFD {
    public static final Schema SCHEMA = Schema.ofDoubles("ofi", "ofi", "ofi_sum");
    static final Schema.DoubleField OFI = SCHEMA.doubleField("ofi");
    static final Schema.DoubleField SUM = SCHEMA.doubleField("ofi_sum");

    /** The per-event flow between the scan and the window. */
    private static final Schema FLOW = Schema.ofDoubles("level_flow", "e_1");
    private static final Schema.DoubleField E_1 = FLOW.doubleField("e_1");

    private static final List<ParamSpec> PARAMS = List.of(windowParam("the sliding window ofi_sum adds over; also the lookback"));

    @Override
    public String name() {
        return "flow.ofi";
    }

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
        return BookInput.DEPENDENCIES;
    }

    @Override
    public void validateInputs(Params params, List<Feature> children) {
        BookInput.checkSnapshot(name(), children, 1);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        int[] level = new int[1];
        double[] e = new double[1];
        return p.output(p.input(0)
                .scan(FLOW, new LevelFlow(1), (top, snapshot, out) -> {
                    int n = top.step(snapshot, level, e);
                    out.set(E_1, n > 0 ? e[0] : 0); // n < 0: the first book state is only the reference, nothing is emitted
                    return n >= 0;
                })
                .window(Windows.slidingTime(window(ctx.params())), SCHEMA, new LastAndSum()));
    }

    /** The newest element and the exact sum of all: invertible (removing the oldest never removes the newest). */
    static final class LastAndSum implements Aggregator<LastAndSum.Acc> {
        /** The intermediate. */
        static final class Acc {
            final FixedPointSum sum = new FixedPointSum();
            double last;
            long count;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            row[off] = event.getDouble(E_1);
            return true;
        }

        @Override
        public Acc create() {
            return new Acc();
        }

        @Override
        public void clear(Acc a) {
            a.sum.reset();
            a.last = 0;
            a.count = 0;
        }

        @Override
        public void update(Acc a, double[] row, int off) {
            a.sum.add(row[off]);
            a.last = row[off];
            a.count++;
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Acc a, double[] row, int off) {
            a.sum.remove(row[off]);
            a.count--;
        }

        @Override
        public void merge(Acc into, Acc later) {
            into.sum.add(later.sum);
            if (later.count > 0) {
                into.last = later.last;
            }
            into.count += later.count;
        }

        @Override
        public boolean finish(Acc a, FeatureEvent out) {
            if (a.count == 0) {
                return false;
            }
            OFI.set(out, a.last);
            SUM.set(out, a.sum.value());
            return true;
        }
    }
}
