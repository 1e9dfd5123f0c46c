package io.featurizer.flink;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What one processed input did to its feature group's outputs, on its way from the group's worker to the
 * {@link VectorCombiner}: the group's latest output values after the input (every output that has one), the input's
 * times, and where the input stands in the run's global order (DESIGN.md section 4).
 *
 * <p>The order is that of the <b>arrival</b> that made the group's graph process the input: its merge key, then
 * {@link #tie} (the arrival's source rank {@code << 40} | its ordinal among that source's arrivals of equal key), then
 * {@link #sub}, the input's index among those the arrival released (more than one only when an event-time graph
 * releases buffered events). That is the order one graph over all the features processes inputs in when fed the
 * merged stream: it sees the same arrivals in that order, and each releases only its own group's events. Seeds have
 * key {@link Long#MIN_VALUE}; what a group releases at the end of its data has key {@link Long#MAX_VALUE} and the
 * group's index as tie (one graph flushes group by group). The record's Flink timestamp is not used: the workers'
 * watermarks bound {@link #key}.
 */
@TypeInfo(RecordSerializers.GroupChangeInfo.class)
public class GroupChange {
    public long key;
    public long tie;
    public int sub;
    /** The processed input's exchange and receipt time. */
    public long ts;
    public long receiptTs;
    /** The group's present outputs: their count (int32), then per output its index in {@link FlinkPlan#outputs()} (int32) and event ({@link EventBytes} form). */
    public byte[] outputs;

    public GroupChange() {
    }

    GroupChange(long key, long tie, int sub, long ts, long receiptTs, byte[] outputs) {
        this.key = key;
        this.tie = tie;
        this.sub = sub;
        this.ts = ts;
        this.receiptTs = receiptTs;
        this.outputs = outputs;
    }

    /** The global order: key, then tie, then sub. */
    static int compare(GroupChange a, GroupChange b) {
        int c = Long.compare(a.key, b.key);
        if (c == 0) {
            c = Long.compare(a.tie, b.tie);
        }
        return c != 0 ? c : Integer.compare(a.sub, b.sub);
    }
}
