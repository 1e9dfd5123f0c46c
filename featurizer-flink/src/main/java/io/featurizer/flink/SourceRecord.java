package io.featurizer.flink;

import io.featurizer.core.event.Event;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One record of a data source on its way to its group's worker, serialized by the project's own serializer
 * ({@link RecordSerializers}: no reflection, never Kryo). A source
 * sends its state seed (if any), then its events in stored order, then its end; each event carries the merge key of
 * the source's next one ({@link #nextKey}), so the worker can merge the group's sources exactly as
 * {@link io.featurizer.offline.StoredInputMerge} does without waiting for more than one event ahead.
 *
 * <p>A record and its event are never changed once sent: every source makes fresh ones, so Flink's chained hand-off
 * from a source to the workers passes the record itself instead of copying it (with object reuse off, that copy took
 * ~30 % of a slot's time; BENCHMARKS.md "Flink runner").
 */
@TypeInfo(RecordSerializers.SourceRecordInfo.class)
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
    /** The event (null for an end). */
    public Event event;

    public SourceRecord() {
    }

    /**
     * Watermarks of a source whose records come in key order (a log's partition, the live numbering): a record's key is
     * its timestamp, so the watermark says which keys can no longer come.
     */
    static WatermarkStrategy<SourceRecord> watermarksByKey() {
        return WatermarkStrategy.<SourceRecord>forMonotonousTimestamps().withTimestampAssigner((r, t) -> r.key);
    }

    SourceRecord(int route, int rank, byte kind, long key, long nextKey, Event event) {
        this.route = route;
        this.rank = rank;
        this.kind = kind;
        this.key = key;
        this.nextKey = nextKey;
        this.event = event;
    }
}
