package io.featurizer.core.graph;

/** Which time orders a run's inputs (DESIGN.md section 4). */
public enum TimeField {
    /** Arrival order: no buffering, no added latency. The default. */
    RECEIPT,
    /** Event time: buffered until the watermark passes, with allowed lateness, idle timeout and a late-event policy. */
    EXCHANGE
}
