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
final class InputPosition implements InputListener {
    private final MergeOrder clock;
    private final long[] lastTime;
    private final long[] ordinal;
    private long time;
    private long order;

    InputPosition(MergeOrder clock, int sources) {
        this.clock = clock;
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
        order = ((long) source << 40) | ordinal[source];
    }

    /** The processing input's time. */
    long time() {
        return time;
    }

    /** The processing input's order among inputs of equal time. */
    long order() {
        return order;
    }
}
