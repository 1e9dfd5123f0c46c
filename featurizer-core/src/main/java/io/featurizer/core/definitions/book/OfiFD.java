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
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.state.TimedValues;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
        return new Operator(window(ctx.params()), ctx.newOutput());
    }

    /**
     * The top-of-book flow and its sum over the sliding time window of {@code WindowStage}'s rule (an element stays while
     * t − its time ≤ window; one output per element), by hand: as a pipeline (a scan into a window stage) it cost 66 ns
     * per input, most of it moving events between the stages (FeatureCosts, depth 25).
     */
    static final class Operator extends StatefulOperator {
        private final long window;
        private final LevelFlow top;
        private final Window flows;
        private final FeatureEvent out;
        private final int[] level = new int[1];
        private final double[] e = new double[1];

        Operator(long window, FeatureEvent out) {
            this.window = window;
            this.top = state.add(new LevelFlow(1));
            this.flows = state.add(new Window());
            this.out = out;
        }

        @Override
        public void onEvent(int input, Event snapshot, Emitter emitter) {
            int n = top.step(snapshot, level, e);
            if (n < 0) {
                return; // the first book state is only the reference
            }
            flows.slide(snapshot.ts(), n == 0 ? 0 : e[0], window);
            if (flows.agg.finish(flows.acc, out)) {
                out.setTimes(snapshot.ts(), snapshot.receiptTs());
                emitter.emit(out);
            }
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }
    }

    /** The flows in the window with their times, and their {@link LastAndSum} kept in step (a restore re-adds the flows). */
    static final class Window implements Snapshottable, TimedValues.Summary {
        final LastAndSum agg = new LastAndSum();
        final LastAndSum.Acc acc = agg.create();
        private final TimedValues flows = new TimedValues(this);
        private final double[] row = new double[1];

        /** Adds the newest flow and drops the ones past the window. */
        void slide(long t, double e, long window) {
            flows.add(t, e);
            while (t - flows.time(0) > window) {
                flows.removeOldest();
            }
        }

        @Override
        public void add(double e) {
            row[0] = e;
            agg.update(acc, row, 0);
        }

        @Override
        public void remove(double e) {
            row[0] = e;
            agg.remove(acc, row, 0);
        }

        @Override
        public void clear() {
            agg.clear(acc);
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            flows.snapshot(out);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            flows.restore(in);
        }
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
            row[off] = event.getDouble(0);
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
