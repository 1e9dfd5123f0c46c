package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.stream.FixedPointSum;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The order-flow window of one graph over one l2_snapshot feature and one window length, read by every
 * {@code flow.ofi} and {@code flow.multi_level_ofi} over them: the level flows e_n ({@link LevelFlow}) of the deepest
 * reader's levels, the sliding time window of {@code WindowStage}'s rule (an element stays while {@code t − its time ≤
 * window}) and its exact level sums ({@link MultiLevelOfiFD.LevelSums}). The top-of-book OFI is level 1 of the same sums,
 * so beside a multi-level OFI it costs its output alone (the 30 features of feature-costs-30.yaml, FeatureCosts: 519–562
 * → 502–542 ns per input).
 *
 * <p>Each reader passes every snapshot, in the same propagation (as for {@link io.featurizer.core.book.SharedOrderBook}):
 * the first call for a snapshot steps the flows and moves the window, the others find it done. Between two calls the
 * window tells which level sums this snapshot changed ({@link #changedLevels}), so each reader writes only those. The state
 * (the last book's levels and the element ring) is written by every reader, so any one can restore it.
 */
final class FlowWindow implements Snapshottable {
    private final long window;
    private final L2SnapshotFD.Cursor changes; // which levels the snapshot's operator changed
    private int depth;
    private int readers;
    private int pendingReads;
    private LevelFlow flow;
    private MultiLevelOfiFD.LevelSums sums;
    private MultiLevelOfiFD.Elements elements;
    private int[] levels;
    private double[] flows;
    private int n = -1; // non-zero flows of the last snapshot; -1: it was the first (only the reference)

    private FlowWindow(long window, L2SnapshotFD.Cursor changes) {
        this.window = window;
        this.changes = changes;
    }

    /** The graph's window over the context's snapshot input and {@code window}, with one more reader of {@code depth} levels. */
    static FlowWindow shared(OperatorContext ctx, long window, int depth) {
        Feature snapshot = ctx.feature().children().get(0);
        String key = "flow_window:" + snapshot.key() + ":" + window;
        L2SnapshotFD.Changes changes = L2SnapshotFD.Changes.of(ctx, snapshot); // not inside the other's creation (one map)
        return ctx.<FlowWindow>shared(key, () -> new FlowWindow(window, changes.cursor())).addReader(depth);
    }

    private FlowWindow addReader(int readerDepth) {
        readers++;
        if (readerDepth > depth) { // made again for the deeper reader: the graph has not run yet, the window is empty
            depth = readerDepth;
            flow = new LevelFlow(depth);
            sums = new MultiLevelOfiFD.LevelSums(depth);
            elements = new MultiLevelOfiFD.Elements(sums);
            levels = new int[depth];
            flows = new double[depth];
        }
        return this;
    }

    /** Steps the flows and moves the window, once per snapshot however many readers call; false on the first snapshot. */
    boolean apply(Event snapshot) {
        if (pendingReads > 0) {
            pendingReads--;
            return n >= 0;
        }
        pendingReads = readers - 1;
        Arrays.fill(elements.acc.changed, 0);
        n = flow.step(snapshot, changes, levels, flows);
        if (n < 0) {
            return false; // the first book state is only the reference
        }
        long t = snapshot.ts();
        elements.add(t, levels, flows, n);
        while (t - elements.oldestTime() > window) {
            elements.evictOldest();
        }
        return true;
    }

    int depth() {
        return depth;
    }

    /** The levels whose sums changed with the last snapshot, one bit each (word w holds levels 64w..64w+63). */
    long[] changedLevels() {
        return elements.acc.changed;
    }

    /** Level m's window sum, correctly rounded. */
    double value(int m) {
        return sums.value(elements.acc, m);
    }

    /** The window sum over all {@link #depth} levels, correctly rounded. */
    double total() {
        return sums.total(elements.acc);
    }

    /** The exact sum of levels 0..m−1 into {@code into} (a reader shallower than the window). */
    void addLevels(int m, FixedPointSum into) {
        for (int k = 0; k < m; k++) {
            into.add(elements.acc.level[k]);
        }
    }

    /** e_n of the best level in the last snapshot (0 when it did not move). */
    double topFlow() {
        return n > 0 && levels[0] == 0 ? flows[0] : 0;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        flow.snapshot(out);
        elements.snapshot(out);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        flow.restore(in);
        elements.restore(in);
        pendingReads = 0;
    }
}
