package io.featurizer.core.config;

import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.graph.LateEventPolicy;
import io.featurizer.core.graph.TimeField;

/**
 * How a run orders and samples its inputs and combined outputs: YAML keys {@code ordering}
 * ({@code time: receipt|exchange}, {@code allowed_lateness}, {@code idle_timeout},
 * {@code late_events: drop|process}) and {@code output} ({@code sample_every}, {@code emit_with_missing}).
 */
public record OrderingConfig(TimeField timeField, long allowedLatenessNanos, long idleTimeoutNanos, LateEventPolicy latePolicy,
                             long sampleEveryNanos, boolean emitWithMissing) {
    public static final OrderingConfig DEFAULT = new OrderingConfig(TimeField.RECEIPT, 0, 5_000_000_000L, LateEventPolicy.DROP, 0, false);

    /** Sets these options on a graph builder. */
    public FeatureStreamGraph.Builder applyTo(FeatureStreamGraph.Builder b) {
        return b.timeField(timeField).allowedLateness(allowedLatenessNanos).idleTimeout(idleTimeoutNanos)
                .latePolicy(latePolicy).sampleEvery(sampleEveryNanos).emitWithMissing(emitWithMissing);
    }
}
