package io.featurizer.storage.journal;

import static io.featurizer.storage.journal.FrameFormat.*;

import io.featurizer.core.event.Event;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads one segment frame by frame, checking every CRC and that event sequences run on without gaps
 * from the segment's first sequence. Definition frames are taken in as they come, so the segment
 * explains itself. A bad frame ends the read quietly only when it is zero padding, or when the
 * segment may have a torn tail (the last one) and no valid frame follows it; otherwise it is a
 * {@link JournalCorruptException}.
 */
final class SegmentReader implements AutoCloseable {
    private final SegmentFile file;
    private final boolean tailMayBeTorn;
    private final MappedByteBuffer map;
    private final ByteBuffer crcView;
    private final ByteBuffer payloadView;
    private final BufferDataInput in;
    private final CRC32C crc = new CRC32C();
    private final int limit;
    private final List<JournalStream> streams = new ArrayList<>();
    private JournalStream[] byId = new JournalStream[8];

    private int offset = SEGMENT_HEADER;
    private long expectedSequence;
    private boolean ended;
    private int validEnd = -1;
    private long tornBytes;

    private JournalStream stream;
    private long sequence;
    private int frameOffset;
    private int payloadStart, payloadEnd;

    /**
     * @param limit         bytes to read (the writer's position for an active segment), or -1 for the whole file
     * @param tailMayBeTorn true for the last segment, where a crash may have left an unfinished frame
     */
    SegmentReader(SegmentFile file, long limit, boolean tailMayBeTorn) throws IOException {
        this.file = file;
        this.tailMayBeTorn = tailMayBeTorn;
        try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            long size = ch.size();
            long n = limit < 0 ? size : Math.min(limit, size);
            if (n > Integer.MAX_VALUE) {
                throw corrupt(0, "segment of " + n + " bytes exceeds the 2 GiB segment limit");
            }
            this.limit = (int) n;
            this.map = ch.map(FileChannel.MapMode.READ_ONLY, 0, n); // stays valid after the channel closes
        }
        this.crcView = map.duplicate();
        this.payloadView = map.duplicate();
        this.in = new BufferDataInput(payloadView);
        readHeader();
        this.expectedSequence = file.firstSequence();
    }

    private void readHeader() {
        if (limit < SEGMENT_HEADER) {
            throw corrupt(0, "segment of " + limit + " bytes is shorter than its " + SEGMENT_HEADER + "-byte header");
        }
        if (map.getInt(0) != MAGIC) {
            throw corrupt(0, String.format("bad magic 0x%08x, expected 0x%08x (\"FZJL\")", map.getInt(0), MAGIC));
        }
        if (map.getInt(4) != VERSION) {
            throw corrupt(4, "unsupported journal format version " + map.getInt(4) + ", expected " + VERSION);
        }
        if (map.getLong(8) != file.firstSequence()) {
            throw corrupt(8, "header first sequence " + map.getLong(8) + " does not match the file name's " + file.firstSequence());
        }
    }

    SegmentFile file() {
        return file;
    }

    /** Moves to the next event frame, taking in definitions on the way; false at the end of the data. */
    boolean nextEvent() {
        while (!ended) {
            int o = offset;
            if (o >= limit) {
                end(o, 0);
                return false;
            }
            String problem = frameProblem(o);
            if (problem != null) {
                badFrame(o, problem);
                return false;
            }
            int length = map.getInt(o);
            byte type = map.get(o + OFF_TYPE);
            int streamId = map.getInt(o + OFF_STREAM);
            long seq = map.getLong(o + OFF_SEQUENCE);
            offset = o + FRAME_HEADER + length;
            // from here on the CRC is good: whatever is wrong was written so, and is never a torn tail
            if (seq != expectedSequence) {
                throw corrupt(o, (type == EVENT ? "event" : "definition") + " frame has sequence " + seq + ", expected " + expectedSequence);
            }
            if (type == DEFINITION) {
                define(o, streamId, o + OFF_PAYLOAD, offset);
            } else if (type == EVENT) {
                JournalStream s = streamId >= 0 && streamId < byId.length ? byId[streamId] : null;
                if (s == null) {
                    throw corrupt(o, "event of stream id " + streamId + ", which this segment does not define before it");
                }
                stream = s;
                sequence = seq;
                frameOffset = o;
                payloadStart = o + OFF_PAYLOAD;
                payloadEnd = offset;
                expectedSequence++;
                return true;
            } else {
                throw corrupt(o, "unknown frame type " + type + " (expected " + DEFINITION + " or " + EVENT + ")");
            }
        }
        return false;
    }

    /** Why the frame at {@code o} is not a complete frame with a good CRC, or null when it is. */
    private String frameProblem(int o) {
        int left = limit - o;
        if (left < FRAME_HEADER) {
            return "only " + left + " bytes left, less than a frame header";
        }
        int length = map.getInt(o);
        if (length < BODY_FIXED) {
            return "frame length " + length + " is below the minimum " + BODY_FIXED;
        }
        if (length > left - FRAME_HEADER) {
            return "frame length " + length + " runs past the end of the segment (" + (left - FRAME_HEADER) + " bytes left)";
        }
        int stored = map.getInt(o + OFF_CRC);
        int computed = crcOf(o, length);
        if (stored != computed) {
            return String.format("CRC32C mismatch: stored 0x%08x, computed 0x%08x", stored, computed);
        }
        return null;
    }

    private int crcOf(int o, int length) {
        crcView.limit(o + FRAME_HEADER + length).position(o + FRAME_HEADER);
        crc.reset();
        crc.update(crcView);
        return (int) crc.getValue();
    }

    private void badFrame(int o, String problem) {
        int lastNonZero = lastNonZero(o);
        if (lastNonZero < 0) {
            end(o, 0); // zero padding of a preallocated segment
            return;
        }
        if (tailMayBeTorn && !validFrameAfter(o, lastNonZero)) {
            end(o, lastNonZero + 1L - o);
            return;
        }
        throw corrupt(o, problem + (tailMayBeTorn ? "; valid frames follow it, so it is not a torn tail" : ""));
    }

    private void end(int at, long torn) {
        ended = true;
        validEnd = at;
        tornBytes = torn;
    }

    /** Last non-zero byte in [from, limit), or -1. */
    private int lastNonZero(int from) {
        int i = limit - 1;
        while (i >= from && ((i + 1) & 7) != 0) {
            if (map.get(i) != 0) {
                return i;
            }
            i--;
        }
        while (i - 7 >= from && map.getLong(i - 7) == 0) {
            i -= 8;
        }
        for (; i >= from; i--) {
            if (map.get(i) != 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a complete frame with a good CRC starts anywhere in (o, lastNonZero]. A crash leaves one
     * unfinished frame with nothing valid after it; a damaged frame in the middle still has its
     * successors. Candidates must carry a plausible sequence before their CRC is computed, so the scan
     * stays cheap.
     */
    private boolean validFrameAfter(int o, int lastNonZero) {
        long maxSequence = expectedSequence + (limit - o) / MIN_FRAME + 1;
        for (int p = o + 1; p <= lastNonZero && p <= limit - MIN_FRAME; p++) {
            int length = map.getInt(p);
            if (length < BODY_FIXED || length > limit - p - FRAME_HEADER) {
                continue;
            }
            byte type = map.get(p + OFF_TYPE);
            long seq = map.getLong(p + OFF_SEQUENCE);
            if ((type == EVENT || type == DEFINITION) && seq >= expectedSequence && seq <= maxSequence
                    && crcOf(p, length) == map.getInt(p + OFF_CRC)) {
                return true;
            }
        }
        return false;
    }

    private void define(int o, int id, int from, int to) {
        JournalStream s;
        try {
            payloadView.limit(to).position(from);
            s = SchemaCodec.read(id, in);
        } catch (IOException | RuntimeException e) {
            throw corrupt(o, "unreadable stream definition: " + e.getMessage(), e);
        }
        if (payloadView.hasRemaining()) {
            throw corrupt(o, "stream definition leaves " + payloadView.remaining() + " payload bytes unread");
        }
        if (id >= byId.length) {
            byId = java.util.Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
        }
        JournalStream known = byId[id];
        if (known == null) {
            byId[id] = s;
            streams.add(s);
        } else if (!known.equals(s)) {
            throw corrupt(o, "stream id " + id + " is defined again differently: " + s + " after " + known);
        }
    }

    /** Decodes the current event's payload into {@code into}, which must have the stream's schema. */
    void decode(Event into) {
        payloadView.limit(payloadEnd).position(payloadStart);
        try {
            into.read(in);
        } catch (BufferUnderflowException e) {
            throw corrupt(frameOffset, "payload of " + (payloadEnd - payloadStart) + " bytes ends before the "
                    + stream.schema().name() + " event does", e);
        } catch (IOException | RuntimeException e) {
            throw corrupt(frameOffset, "unreadable " + stream.schema().name() + " event: " + e, e);
        }
        if (payloadView.hasRemaining()) {
            throw corrupt(frameOffset, payloadView.remaining() + " payload bytes left after the " + stream.schema().name() + " event");
        }
    }

    JournalStream stream() {
        return stream;
    }

    long sequence() {
        return sequence;
    }

    /** Sequence the next event of this segment would have: after the end, one past its last event. */
    long nextSequence() {
        return expectedSequence;
    }

    boolean hasEvents() {
        return expectedSequence > file.firstSequence();
    }

    /** Streams defined in this segment so far, in order of definition. */
    List<JournalStream> streams() {
        return streams;
    }

    /** After the end: where the good frames end (zero padding or a torn tail start there). */
    int validEnd() {
        return validEnd;
    }

    /** After the end: bytes of an unfinished last frame (0 when the data ended cleanly). */
    long tornBytes() {
        return tornBytes;
    }

    JournalCorruptException corrupt(long at, String reason) {
        return new JournalCorruptException(file.path(), at, reason);
    }

    private JournalCorruptException corrupt(long at, String reason, Throwable cause) {
        return new JournalCorruptException(file.path(), at, reason, cause);
    }

    @Override
    public void close() {
        Unmapper.unmap(map);
    }
}
