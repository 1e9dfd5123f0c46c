package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

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
        return new TopOfBook(window(ctx.params()), ctx.newOutput());
    }

    /**
     * The multi-level OFI's sparse window at depth 1 (the same flows, window rule and exact sum), writing e_n and the
     * window's sum: one mechanism for both OFIs. It replaced a scan and a window stage of the generic pipeline; alone it
     * costs about what they did (35-45 ns per input), within the 30 features of feature-costs-30.yaml about half (FeatureCosts).
     */
    static final class TopOfBook extends MultiLevelOfiFD.SparseWindow {
        TopOfBook(long window, FeatureEvent out) {
            super(1, window, out);
        }

        @Override
        void write(FeatureEvent out, int[] levels, double[] flows, int n) {
            OFI.set(out, n > 0 ? flows[0] : 0);
            SUM.set(out, sums.value(elements.acc, 0));
        }
    }
}
