package io.featurizer.storage.record;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The events of one block being filled: copies of the accepted events with their ingestion
 * sequences. Copies are pooled: after its block is written the buffer is cleared and its event
 * objects are overwritten by the next block's events, so steady-state recording allocates nothing per event.
 */
final class BlockBuffer implements Compactor.OpenBlock {
    private final Schema schema;
    private final List<Event> pool = new ArrayList<>();
    private long[] sequences = new long[1024];
    private int count;
    private long bytes;

    BlockBuffer(Schema schema) {
        this.schema = schema;
    }

    void add(Event e, long sequence) {
        if (count == pool.size()) {
            pool.add(e.copy());
        } else {
            pool.get(count).copyFrom(e);
        }
        if (count == sequences.length) {
            sequences = Arrays.copyOf(sequences, count * 2);
        }
        sequences[count++] = sequence;
        bytes += sizeOf(e);
    }

    /** A rough in-memory size: header plus 8 bytes per scalar and 16 per book level. */
    private static long sizeOf(Event e) {
        if (e instanceof BookUpdate b) {
            return 64 + 16L * (b.bidCount() + b.askCount());
        }
        return 32 + 8L * e.schema().size();
    }

    void clear() {
        count = 0;
        bytes = 0;
    }

    boolean isEmpty() {
        return count == 0;
    }

    Schema schema() {
        return schema;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public long firstTs() {
        return pool.get(0).ts();
    }

    /** Sequence of the first event that was really accepted (a leading synthesized snapshot has -s). */
    long firstSequence() {
        return Math.abs(sequences[0]);
    }

    long lastSequence() {
        return sequences[count - 1];
    }

    /** The buffered events as a list view (no copy); valid until the buffer is reused. */
    List<Event> events() {
        return new EventList();
    }

    /** The sequences array; entries [0, count) are valid. */
    long[] sequences() {
        return count == sequences.length ? sequences : Arrays.copyOf(sequences, count);
    }

    private final class EventList extends AbstractList<Event> implements RandomAccess {
        @Override
        public Event get(int index) {
            if (index >= count) {
                throw new IndexOutOfBoundsException(index);
            }
            return pool.get(index);
        }

        @Override
        public int size() {
            return count;
        }
    }
}
