package io.featurizer.storage.journal;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.storage.EventCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a journal's events in sequence order across its segments, from a given sequence on.
 * Every frame's CRC is checked, and sequences must run on without gaps within and across segments; a
 * violation is a {@link JournalCorruptException} naming the segment and byte offset. Each stream has
 * its own reused event object: {@link #current()} is a view valid until the next {@link #next()}.
 *
 * <p>Use {@link #open(Path, long)} on a journal directory that no {@link Journal} of this process has
 * open (a tool, or a reader in another process); the last segment may then end in zero padding or an
 * unfinished frame, which is read as its end and never modified. A {@link Journal} replays itself
 * through {@link Journal#replay}.
 */
public final class JournalReader implements EventCursor {
    private final List<SegmentFile> segments;
    private final long lastLimit;
    private final boolean lastMayBeTorn;
    private final long fromSequence;

    private int index;
    private SegmentReader segment;
    private long continueAt = -1;
    private Event[] events = new Event[8];
    private JournalStream[] eventStreams = new JournalStream[8];

    private JournalStream stream;
    private Event current;
    private long sequence = -1;
    private boolean closed;

    /**
     * @param lastLimit bytes of the last segment to read (the writer's position), or -1 for the whole file
     */
    JournalReader(List<SegmentFile> segments, long lastLimit, boolean lastMayBeTorn, long fromSequence) {
        this.segments = List.copyOf(segments);
        this.lastLimit = lastLimit;
        this.lastMayBeTorn = lastMayBeTorn;
        this.fromSequence = fromSequence;
        // segments wholly before fromSequence are not opened: the next one starts at or before it
        int start = 0;
        while (start + 1 < this.segments.size() && this.segments.get(start + 1).firstSequence() <= fromSequence) {
            start++;
        }
        this.index = start;
    }

    /** Reads the journal in {@code dir} from {@code fromSequence} on, without changing any file. */
    public static JournalReader open(Path dir, long fromSequence) throws IOException {
        return new JournalReader(SegmentFile.list(dir), -1, true, fromSequence);
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("journal reader is closed");
        }
        while (true) {
            if (segment == null && !openNextSegment()) {
                current = null;
                stream = null;
                return false;
            }
            while (segment.nextEvent()) {
                if (segment.sequence() >= fromSequence) {
                    stream = segment.stream();
                    sequence = segment.sequence();
                    current = eventFor(stream);
                    segment.decode(current);
                    return true;
                }
            }
            continueAt = segment.nextSequence();
            segment.close();
            segment = null;
        }
    }

    private boolean openNextSegment() {
        if (index >= segments.size()) {
            return false;
        }
        SegmentFile file = segments.get(index);
        boolean last = index == segments.size() - 1;
        index++;
        try {
            segment = new SegmentReader(file, last ? lastLimit : -1, last && lastMayBeTorn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal segment " + file.path(), e);
        }
        if (continueAt >= 0 && file.firstSequence() != continueAt) {
            long expected = continueAt;
            segment.close();
            segment = null;
            throw new JournalCorruptException(file.path(), 0, "segment starts at sequence " + file.firstSequence()
                    + " but the previous segment ended before sequence " + expected + " (a segment is missing or damaged)");
        }
        return true;
    }

    /** The stream's reused event object; a stream seen again in a later segment keeps its object. */
    private Event eventFor(JournalStream s) {
        int id = s.id();
        if (id >= events.length) {
            int n = Math.max(id + 1, events.length * 2);
            events = Arrays.copyOf(events, n);
            eventStreams = Arrays.copyOf(eventStreams, n);
        }
        Event e = events[id];
        if (eventStreams[id] != s) {
            if (e == null || !e.schema().equals(s.schema())) {
                e = events[id] = Events.newEvent(s.schema());
            }
            eventStreams[id] = s;
        }
        return e;
    }

    @Override
    public Event current() {
        return current;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    /** The stream of the current event. */
    public JournalStream stream() {
        return stream;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (segment != null) {
                segment.close();
                segment = null;
            }
        }
    }
}
