package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.StatefulOperator;

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
        return new Reader(FlowWindow.shared(ctx, window(ctx.params()), 1), ctx.newOutput());
    }

    /**
     * Level 1 of the graph's {@link FlowWindow} (shared with any multi-level OFI over the same snapshots and window): e_n of
     * each snapshot after the first and the window's sum of them.
     */
    static final class Reader extends StatefulOperator {
        private final FlowWindow window;
        private final FeatureEvent out;

        Reader(FlowWindow window, FeatureEvent out) {
            this.window = state.add(window);
            this.out = out;
        }

        @Override
        public void onEvent(int input, Event snapshot, Emitter emitter) {
            if (!window.apply(snapshot)) {
                return; // the first book state is only the reference
            }
            OFI.set(out, window.topFlow());
            SUM.set(out, window.value(0));
            out.setTimes(snapshot.ts(), snapshot.receiptTs());
            emitter.emit(out);
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }
    }
}
