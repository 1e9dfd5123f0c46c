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
 * {@code flow.multi_level_ofi}: the multi-level order-flow imbalance of Xu, Gould and Howison (2018): per level
 * m = 1..{@code depth}, the sum of e_n^m ({@link LevelFlow}) over the sliding time {@code window}
 * ({@code ofi_1} .. {@code ofi_N}) and the total over the levels. One output per snapshot event after the first.
 */
public final class MultiLevelOfiFD extends WindowedFD {
    static final ParamSpec DEPTH = BookInput.depth("levels per side, best first", 5);
    private static final List<ParamSpec> PARAMS = List.of(windowParam("the sliding window the flows add over; also the lookback"), DEPTH);

    @Override
    public String name() {
        return "flow.multi_level_ofi";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    protected Schema windowedSchema(Params params) {
        int levels = DEPTH.intValue(params);
        String[] names = new String[levels + 1];
        for (int m = 0; m < levels; m++) {
            names[m] = "ofi_" + (m + 1);
        }
        names[levels] = "total";
        return Schema.ofDoubles("multi_level_ofi", names);
    }

    @Override
    public List<String> dependencies(Params params) {
        return BookInput.DEPENDENCIES;
    }

    @Override
    public void validateInputs(Params params, List<Feature> children) {
        BookInput.checkSnapshot(name(), children, DEPTH.intValue(params));
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        int levels = DEPTH.intValue(ctx.params());
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0)
                .scan(LevelFlow.schema(levels), new LevelFlow(levels), LevelFlow::step)
                .window(Windows.slidingTime(window(ctx.params())), ctx.outputSchema(), new LevelSums(levels)));
    }

    /** Exact per-level sums and their total; an element is one event's e^1..e^N. */
    static final class LevelSums implements Aggregator<LevelSums.Acc> {
        private final int levels;

        LevelSums(int levels) {
            this.levels = levels;
        }

        /** The intermediate: exact sums, and each one's rounded value kept until it changes (most events move few levels). */
        static final class Acc {
            final FixedPointSum[] level;
            final double[] rounded;
            final boolean[] stale;
            // the exact sum of every flow in the window, kept as they come and go: equal to the sum of the level sums, and
            // cheaper at depth 25 than adding the 25 level sums per output (FeatureCosts: graph 325 -> 252-272 ns per input)
            final FixedPointSum total = new FixedPointSum();
            double totalRounded;
            boolean totalStale;
            long count;

            Acc(int levels) {
                level = new FixedPointSum[levels];
                rounded = new double[levels];
                stale = new boolean[levels];
                for (int m = 0; m < levels; m++) {
                    level[m] = new FixedPointSum();
                }
            }
        }

        @Override
        public int width() {
            return levels;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            for (int m = 0; m < levels; m++) {
                row[off + m] = event.getDouble(m);
            }
            return true;
        }

        @Override
        public Acc create() {
            return new Acc(levels);
        }

        @Override
        public void clear(Acc a) {
            for (int m = 0; m < levels; m++) {
                a.level[m].reset();
                a.rounded[m] = 0;
                a.stale[m] = false;
            }
            a.total.reset();
            a.totalRounded = 0;
            a.totalStale = false;
            a.count = 0;
        }

        @Override
        public void update(Acc a, double[] row, int off) {
            for (int m = 0; m < levels; m++) {
                double e = row[off + m];
                if (e != 0) {
                    a.level[m].add(e, a.total);
                    a.stale[m] = true;
                    a.totalStale = true;
                }
            }
            a.count++;
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Acc a, double[] row, int off) {
            for (int m = 0; m < levels; m++) {
                double e = row[off + m];
                if (e != 0) {
                    a.level[m].remove(e, a.total);
                    a.stale[m] = true;
                    a.totalStale = true;
                }
            }
            a.count--;
        }

        @Override
        public void merge(Acc into, Acc later) {
            for (int m = 0; m < levels; m++) {
                into.level[m].add(later.level[m]);
                into.stale[m] = true;
            }
            into.total.add(later.total);
            into.totalStale = true;
            into.count += later.count;
        }

        @Override
        public boolean finish(Acc a, FeatureEvent out) {
            if (a.count == 0) {
                return false;
            }
            for (int m = 0; m < levels; m++) {
                if (a.stale[m]) {
                    a.rounded[m] = a.level[m].value();
                    a.stale[m] = false;
                }
                out.set(m, a.rounded[m]);
            }
            if (a.totalStale) {
                a.totalRounded = a.total.value();
                a.totalStale = false;
            }
            out.set(levels, a.totalRounded);
            return true;
        }
    }
}
