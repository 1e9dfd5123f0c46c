package io.featurizer.offline.compute;

import io.featurizer.core.event.Event;
import io.featurizer.core.graph.InputListener;
import io.featurizer.offline.MergeOrder;

/**
 * The position in the run's input order of the input a graph is processing (DESIGN.md sections 4 and 7), as a
 * pair compared lexicographically: {@code time}, the input's time in the run's clock (exchange time for an
 * exchange-time run, else receipt time), then {@code order} = source rank {@code << 40} | the input's ordinal
 * among that source's inputs of equal time. Time-ordered runs process inputs by (time, rank, stored order),
 * so positions grow with processing; they depend only on the inputs, not on where a chunk's replay starts
 * (a tie group is replayed whole by every chunk that sees any of it: chunks start a warm-up before them).
 *
 * <p>A replay in recorded ingestion-sequence order is positioned the same way: it differs from processing
 * order only where receipt times of different sources invert (nanoseconds apart on different socket threads).
 */
public final class InputPosition implements InputListener, io.featurizer.core.state.Snapshottable {
    private final MergeOrder clock;
    private final int[] rank;
    private final long[] lastTime;
    private final long[] ordinal;
    private long time;
    private long order;

    /** Positions of a graph whose source {@code i} has rank {@code i}. */
    public InputPosition(MergeOrder clock, int sources) {
        this(clock, java.util.stream.IntStream.range(0, sources).toArray());
    }

    /**
     * Positions of a graph over one feature group: its source {@code i} has rank {@code rank[i]} in a graph over all
     * the features (so positions of separate group graphs compare as one graph's would).
     */
    public InputPosition(MergeOrder clock, int[] rank) {
        this.clock = clock;
        this.rank = rank.clone();
        int sources = rank.length;
        this.lastTime = new long[sources];
        this.ordinal = new long[sources];
        java.util.Arrays.fill(lastTime, Long.MIN_VALUE);
    }

    @Override
    public void onInput(int source, Event event) {
        long t = clock.clockTime(event);
        if (t != lastTime[source]) {
            lastTime[source] = t;
            ordinal[source] = 0;
        } else {
            ordinal[source]++;
        }
        time = t;
        order = ((long) rank[source] << 40) | ordinal[source];
    }

    /** The processing input's time. */
    public long time() {
        return time;
    }

    /** The processing input's order among inputs of equal time. */
    public long order() {
        return order;
    }

    @Override
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(lastTime.length);
        for (int s = 0; s < lastTime.length; s++) {
            out.writeLong(lastTime[s]);
            out.writeLong(ordinal[s]);
        }
        out.writeLong(time);
        out.writeLong(order);
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n != lastTime.length) {
            throw new java.io.IOException("input position of " + n + " sources restored into one of " + lastTime.length);
        }
        for (int s = 0; s < n; s++) {
            lastTime[s] = in.readLong();
            ordinal[s] = in.readLong();
        }
        time = in.readLong();
        order = in.readLong();
    }
}
