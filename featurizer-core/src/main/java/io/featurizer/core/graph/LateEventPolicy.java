package io.featurizer.core.graph;

/** What event-time ordering does with an event at or behind the watermark. Either way it is counted. */
public enum LateEventPolicy {
    /** Discard it. */
    DROP,
    /** Process it immediately, out of order. */
    PROCESS
}
