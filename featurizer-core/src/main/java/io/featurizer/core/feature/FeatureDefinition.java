package io.featurizer.core.feature;


import java.util.List;

/**
 * An inner node of the feature graph: computes an output from its children's outputs. A definition
 * declares which upstream definitions it reads ({@link #dependencies(Params)}, usually chosen by the
 * {@code dep_schema} param), how much history warms its state up ({@link #lookbackNanos(Params)}),
 * and creates a fresh stateful operator per feature instance. No engine type appears here, which
 * is what lets one definition run live, offline and on Flink.
 */
public abstract class FeatureDefinition implements DataDefinition {
    /** A dependency that is any configured feature, wired through the config's {@code deps} (transforms). */
    public static final String ANY_FEATURE = "*";

    /** Names of upstream definitions, one per child, in order; {@link #ANY_FEATURE} for a {@code deps} slot. */
    public abstract List<String> dependencies(Params params);

    /** The lookback of an operator whose output depends on everything before it (count bars, event-count EWMA): replay and compute start at the stream's beginning. */
    public static final long WHOLE_HISTORY = Long.MAX_VALUE;

    /** How much input history (ns) this operator needs before its output is exact; 0 for none, {@link #WHOLE_HISTORY} for all of it. */
    public long lookbackNanos(Params params) {
        return 0;
    }

    /** A new operator for one feature instance. */
    public abstract FeatureOperator createOperator(OperatorContext ctx);

    /** Checks the children fit this definition (e.g. a transform needs a single-value input); throws {@link IllegalArgumentException}. */
    public void validateInputs(Params params, List<Feature> children) {
    }
}
