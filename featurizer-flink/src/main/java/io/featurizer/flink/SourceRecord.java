package io.featurizer.flink;

/**
 * One record of a data source on its way to its group's worker (a Flink POJO: no Kryo on the hot path). A source
 * sends its state seed (if any), then its events in stored order, then its end; each event carries the merge key of
 * the source's next one ({@link #nextKey}), so the worker can merge the group's sources exactly as
 * {@link io.featurizer.offline.StoredInputMerge} does without waiting for more than one event ahead.
 */
public class SourceRecord {
    public static final byte SEED = 1, EVENT = 2, END = 3;

    /** The group's routing key ({@link FlinkPlan#route}). */
    public int route;
    /** The source's rank ({@link FlinkPlan#sources()}). */
    public int rank;
    public byte kind;
    /** The event's merge key ({@link io.featurizer.offline.MergeOrder#key}). */
    public long key;
    /** The merge key of the source's next event; {@link Long#MAX_VALUE} when this is its last. */
    public long nextKey;
    /** The event in {@link EventBytes} form (empty for an end). */
    public byte[] event;

    public SourceRecord() {
    }

    /** The event this record carries (null for an end), decoded with its source's schema. */
    public io.featurizer.core.event.Event event(FlinkPlan plan) {
        return kind == END ? null : EventBytes.decode(event, plan.sources().get(rank).schema());
    }

    SourceRecord(int route, int rank, byte kind, long key, long nextKey, byte[] event) {
        this.route = route;
        this.rank = rank;
        this.kind = kind;
        this.key = key;
        this.nextKey = nextKey;
        this.event = event;
    }
}
