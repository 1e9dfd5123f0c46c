package io.featurizer.offline;

import io.featurizer.core.event.Event;
import io.featurizer.core.graph.TimeField;

/**
 * How a replay interleaves its data sources (DESIGN.md section 4). Within one source the stored order
 * is always kept; the order only decides which source's next event comes first.
 *
 * <p>Which rule fits depends on how the data got into storage, which the catalog does not say, so the
 * caller chooses:
 * <ul>
 *   <li>{@link #INGESTION_SEQUENCE} for <b>recorded</b> data: the recorder numbered every accepted event
 *       of every source with one global ingestion sequence, the order the live graph saw them in, so
 *       merging by it reproduces the live run exactly (frame-arrival receipt times taken on different
 *       socket threads may tie or invert; the sequence cannot).</li>
 *   <li>{@link #RECEIPT_TIME} (the default) and {@link #EXCHANGE_TIME} for <b>ingested</b> data, whose
 *       sequences are per-file line numbers: by the time field, ties broken by the source's rank
 *       (registration order, which is the graph's source index), then by stored order. Safe on any data;
 *       on recorded data it differs from the live order only where receipt times tie or invert.</li>
 * </ul>
 */
public enum MergeOrder {
    /** By the recorder's global ingestion sequence, ties (never seen on recorded data) by rank: exact live order. */
    INGESTION_SEQUENCE,
    /** By receipt time ({@code receiptTs}), then rank, then stored order. */
    RECEIPT_TIME,
    /** By exchange time ({@code ts}), then rank, then stored order. */
    EXCHANGE_TIME;

    /** The time-ordered merge for a run's time field. */
    public static MergeOrder byTime(TimeField field) {
        return field == TimeField.EXCHANGE ? EXCHANGE_TIME : RECEIPT_TIME;
    }

    /** The time this order paces and clocks a replay by: exchange time for {@link #EXCHANGE_TIME}, else receipt time. */
    public long clockTime(Event e) {
        return this == EXCHANGE_TIME ? e.ts() : e.receiptTs();
    }

    /** The merge key of a source's head event. */
    public long key(Event e, long sequence) {
        return switch (this) {
            case INGESTION_SEQUENCE -> sequence;
            case RECEIPT_TIME -> e.receiptTs();
            case EXCHANGE_TIME -> e.ts();
        };
    }
}
