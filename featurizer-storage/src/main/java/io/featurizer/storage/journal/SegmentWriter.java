package io.featurizer.storage.journal;

import static io.featurizer.storage.journal.FrameFormat.*;

import io.featurizer.core.event.Event;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.zip.CRC32C;

/**
 * The active segment: a file preallocated to its capacity and memory-mapped, so a frame is in the
 * page cache the moment its bytes are stored (no system call per append, and a killed JVM loses
 * nothing it wrote). Not thread-safe: the {@link Journal} calls it under its lock.
 */
final class SegmentWriter {
    private final SegmentFile file;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final ByteBuffer crcView;
    private final BufferDataOutput out;
    private final CRC32C crc = new CRC32C();
    private int position;
    private boolean hasEvents;
    private boolean sealed;

    private SegmentWriter(SegmentFile file, FileChannel channel, MappedByteBuffer map) {
        this.file = file;
        this.channel = channel;
        this.map = map;
        this.crcView = map.duplicate();
        this.out = new BufferDataOutput(map);
    }

    /**
     * Creates segment {@code firstSequence} holding the header and a definition of every stream, so
     * it can be read alone. Built under a temporary name and renamed, so a crash never leaves a
     * segment without its definitions; an existing segment of that name (one without events) is replaced.
     */
    static SegmentWriter create(Path dir, long firstSequence, int capacity, Collection<JournalStream> streams, boolean sync)
            throws IOException {
        SegmentFile file = SegmentFile.in(dir, firstSequence);
        Path temp = dir.resolve(file.path().getFileName() + SegmentFile.TEMP_SUFFIX);
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        SegmentWriter w = null;
        try {
            w = new SegmentWriter(file, ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, capacity));
            w.map.putInt(0, MAGIC).putInt(4, VERSION).putLong(8, firstSequence);
            w.position = SEGMENT_HEADER;
            for (JournalStream s : streams) {
                if (w.appendDefinition(s, firstSequence) < 0) {
                    throw new IllegalStateException("the definitions of " + streams.size() + " streams do not fit in a journal segment of "
                            + capacity + " bytes; use a larger segment size");
                }
            }
            if (sync) {
                w.map.force(0, w.position);
                ch.force(true);
            }
            Files.move(temp, file.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (sync) {
                syncDirectory(dir);
            }
            return w;
        } catch (IOException | RuntimeException e) {
            if (w != null) {
                Unmapper.unmap(w.map);
            }
            ch.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    SegmentFile file() {
        return file;
    }

    long firstSequence() {
        return file.firstSequence();
    }

    /** Bytes written: the end of the last complete frame. */
    int position() {
        return position;
    }

    boolean hasEvents() {
        return hasEvents;
    }

    /** Writes an event frame; returns its length, or -1 when it does not fit (nothing is written then). */
    int appendEvent(int streamId, long sequence, Event event) throws IOException {
        int start = position;
        try {
            begin(EVENT, streamId, sequence);
            event.write(out);
        } catch (BufferOverflowException e) {
            erase(start);
            return -1;
        } catch (IOException | RuntimeException e) {
            erase(start);
            throw e;
        }
        hasEvents = true;
        return finish(start);
    }

    /** Writes a definition frame; returns its length, or -1 when it does not fit. */
    int appendDefinition(JournalStream stream, long nextSequence) throws IOException {
        int start = position;
        try {
            begin(DEFINITION, stream.id(), nextSequence);
            SchemaCodec.write(stream, out);
        } catch (BufferOverflowException e) {
            erase(start);
            return -1;
        }
        return finish(start);
    }

    private void begin(byte type, int streamId, long sequence) {
        if (map.capacity() - position < MIN_FRAME) {
            throw new BufferOverflowException();
        }
        map.position(position + FRAME_HEADER);
        map.put(type).putInt(streamId).putLong(sequence);
    }

    private int finish(int start) {
        int end = map.position();
        int body = start + FRAME_HEADER;
        crcView.limit(end).position(body);
        crc.reset();
        crc.update(crcView);
        map.putInt(start + OFF_CRC, (int) crc.getValue());
        map.putInt(start, end - body); // the length last: until it is there, the frame reads as unfinished
        position = end;
        return end - start;
    }

    /** Zeroes a frame that was not finished, so the bytes after the last frame stay zero padding. */
    private void erase(int start) {
        int reached = map.position();
        for (int i = start; i < reached; i++) {
            map.put(i, (byte) 0);
        }
        map.position(start);
    }

    /** fsyncs the frame just written (EVERY_APPEND). */
    void forceRange(int from, int length) {
        map.force(from, length);
    }

    /** fsyncs the segment's data; callable from another thread (touches the channel, never the mapping). */
    void forceData() throws IOException {
        channel.force(false);
    }

    /**
     * Ends the segment: syncs it if asked, releases the mapping and cuts the file to its frames (the
     * zero preallocation goes). The mapping is released even when syncing fails.
     */
    void seal(boolean sync) throws IOException {
        if (sealed) {
            return;
        }
        sealed = true;
        try {
            if (sync) {
                map.force(0, position);
            }
        } finally {
            Unmapper.unmap(map);
            try (channel) {
                channel.truncate(position);
                if (sync) {
                    channel.force(true);
                }
            }
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
