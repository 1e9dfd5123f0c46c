package io.featurizer.storage.journal;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's append-only journal: every accepted event is appended here first, and a compactor
 * later turns the journal into blocks and {@linkplain #releaseUpTo releases} what it committed.
 *
 * <p><b>Files.</b> A directory of segments {@code journal-{first sequence, 20 digits}.log}, rolled
 * at a configurable size (64 MiB by default), plus a {@code journal.lock} that keeps a second writer
 * (another process or another Journal in this one) out. Each segment starts with the definition
 * (key and schema) of every stream, and a stream registered later is defined before its first event,
 * so any segment can be read alone. The byte layout is described in {@code FrameFormat}.
 *
 * <p><b>Sequences.</b> Each event gets the next global ingestion sequence: 1, 2, 3, ... without gaps,
 * continuing after a restart from the recovered maximum + 1.
 *
 * <p><b>Durability.</b> The active segment is memory-mapped, so when {@link #append} returns the frame
 * is in the OS page cache: a killed JVM loses nothing that was accepted. Surviving power loss needs
 * {@link FsyncPolicy#EVERY_APPEND} (nothing lost), {@link FsyncPolicy#interval} (at most the last
 * interval) or {@link FsyncPolicy#ON_FLUSH} plus {@link #flush()} calls.
 *
 * <p><b>Recovery.</b> {@link #open} reads the last segment through, cuts off a torn tail (the frame a
 * crash left unfinished; reported in {@link #recovery()}, never an error) and starts a new segment.
 * Any other bad frame, found there or later by {@link #replay}, is a {@link JournalCorruptException}.
 *
 * <p><b>Threads.</b> Any number of threads may append: one lock covers assigning the sequence and
 * encoding the frame (about a hundred nanoseconds for a trade), which keeps frames in sequence order
 * in the file. The INTERVAL fsync runs on its own thread outside that lock.
 */
public final class Journal implements AutoCloseable {
    /** Default segment size: 64 MiB. */
    public static final int DEFAULT_SEGMENT_BYTES = 64 << 20;
    /** Smallest segment size accepted. */
    public static final int MIN_SEGMENT_BYTES = 4096;
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final FsyncPolicy policy;
    private final int segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock dirLock;
    private final JournalRecovery recovery;
    private final ReentrantLock lock = new ReentrantLock();

    private final List<JournalStream> streams = new ArrayList<>();
    private final Map<String, JournalStream> streamsByKey = new HashMap<>();
    /** Segments before the active one, oldest first. */
    private final ArrayDeque<SegmentFile> sealed = new ArrayDeque<>();
    private SegmentWriter active;
    private long nextSequence;
    private boolean closed;
    private IntervalFlusher flusher;

    /** Opens (or creates) the journal in {@code dir} with the default segment size. */
    public static Journal open(Path dir, FsyncPolicy policy) throws IOException {
        return open(dir, policy, DEFAULT_SEGMENT_BYTES);
    }

    /** Opens (or creates) the journal in {@code dir}, rolling segments at {@code segmentBytes}. */
    public static Journal open(Path dir, FsyncPolicy policy, int segmentBytes) throws IOException {
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment size must be at least " + MIN_SEGMENT_BYTES + " bytes, got " + segmentBytes);
        }
        Files.createDirectories(dir);
        Path lockFile = dir.resolve("journal.lock");
        FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock dirLock;
            try {
                dirLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new JournalLockedException(dir, OptionalLong.empty(), true);
            }
            if (dirLock == null) {
                throw new JournalLockedException(dir, holderPid(lockChannel), false);
            }
            // the holder's pid, so a second recorder can name who holds the journal
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            return new Journal(dir, policy, segmentBytes, lockChannel, dirLock);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    /** The pid the lock's holder wrote into the lock file, if it did (older journals' lock files are empty). */
    private static OptionalLong holderPid(FileChannel lockChannel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            lockChannel.read(b, 0);
            String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return text.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private Journal(Path dir, FsyncPolicy policy, int segmentBytes, FileChannel lockChannel, FileLock dirLock) throws IOException {
        this.dir = dir;
        this.policy = policy;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.dirLock = dirLock;
        this.recovery = recover();
        if (policy.mode() == FsyncPolicy.Mode.INTERVAL) {
            flusher = new IntervalFlusher(this, policy.interval());
        }
    }

    /** Reads the last segment through, cuts its torn tail, takes in its streams and starts a new active segment. */
    private JournalRecovery recover() throws IOException {
        SegmentFile.deleteTemporaries(dir);
        List<SegmentFile> found = SegmentFile.list(dir);
        if (found.isEmpty()) {
            nextSequence = 1;
            active = SegmentWriter.create(dir, nextSequence, segmentBytes, streams, policy.syncs());
            return new JournalRecovery(0, nextSequence, null, -1, 0);
        }
        SegmentFile last = found.get(found.size() - 1);
        Path tornSegment = null;
        long tornOffset = -1, tornBytes = 0;
        boolean lastHasEvents;
        try (SegmentReader r = new SegmentReader(last, -1, true)) {
            while (r.nextEvent()) {
                // reading validates every frame; only the end state is needed
            }
            for (JournalStream s : r.streams()) {
                register(s);
            }
            nextSequence = r.nextSequence();
            lastHasEvents = r.hasEvents();
            if (r.tornBytes() > 0) {
                tornSegment = last.path();
                tornOffset = r.validEnd();
                tornBytes = r.tornBytes();
                log.warn("journal {}: cut a torn tail of {} bytes at byte {} of {} (an unfinished frame from a crash; never accepted)",
                        dir, tornBytes, tornOffset, last.path());
            }
            if (lastHasEvents) {
                cut(last.path(), r.validEnd());
            }
        }
        sealed.addAll(found);
        if (!lastHasEvents) {
            sealed.removeLast(); // replaced below by a fresh segment of the same name and first sequence
        }
        active = SegmentWriter.create(dir, nextSequence, segmentBytes, streams, policy.syncs());
        return new JournalRecovery(found.size(), nextSequence, tornSegment, tornOffset, tornBytes);
    }

    private void cut(Path segment, long validEnd) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            if (ch.size() > validEnd) {
                ch.truncate(validEnd);
                if (policy.syncs()) {
                    ch.force(true);
                }
            }
        }
    }

    private void register(JournalStream s) {
        if (s.id() != streams.size()) {
            throw new JournalCorruptException(dir, 0, "stream ids are not dense: found id " + s.id() + " after " + streams.size() + " streams");
        }
        streams.add(s);
        streamsByKey.put(s.key(), s);
    }

    /**
     * Registers a stream (or finds it again, e.g. after a restart) and returns its id. A key is bound
     * to one schema: registering it with another is an {@link IllegalArgumentException}.
     */
    public int stream(String key, Schema schema) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            JournalStream known = streamsByKey.get(key);
            if (known != null) {
                if (!known.schema().equals(schema)) {
                    throw new IllegalArgumentException("journal stream '" + key + "' has schema " + known.schema() + ", not " + schema);
                }
                return known.id();
            }
            JournalStream s = new JournalStream(streams.size(), key, schema);
            SegmentWriter w = activeSegment();
            if (w.appendDefinition(s, nextSequence) < 0) {
                register(s);
                roll(); // the new segment defines every stream, this one included
            } else {
                register(s);
                if (policy.mode() == FsyncPolicy.Mode.EVERY_APPEND) {
                    w.forceRange(0, w.position());
                }
            }
            return s.id();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends one event of {@code stream} and returns its sequence. When this returns the event is
     * accepted: it survives a crash of this JVM (and more, per the fsync policy). The event is only
     * read during the call.
     */
    public long append(int stream, Event event) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            JournalStream s = streamOf(stream, event);
            long seq = nextSequence;
            SegmentWriter w = activeSegment();
            int length = w.appendEvent(s.id(), seq, event);
            if (length < 0) {
                if (!w.hasEvents()) {
                    throw new IllegalArgumentException("a " + s.schema().name() + " event of stream '" + s.key()
                            + "' does not fit in an empty journal segment of " + segmentBytes + " bytes; use a larger segment size");
                }
                roll();
                w = active;
                length = w.appendEvent(s.id(), seq, event);
                if (length < 0) {
                    throw new IllegalArgumentException("a " + s.schema().name() + " event of stream '" + s.key()
                            + "' does not fit in an empty journal segment of " + segmentBytes + " bytes; use a larger segment size");
                }
            }
            nextSequence = seq + 1;
            if (policy.mode() == FsyncPolicy.Mode.EVERY_APPEND) {
                w.forceRange(w.position() - length, length);
            }
            return seq;
        } finally {
            lock.unlock();
        }
    }

    private JournalStream streamOf(int id, Event event) {
        if (id < 0 || id >= streams.size()) {
            throw new IllegalArgumentException("unknown journal stream id " + id + " (" + streams.size() + " streams registered)");
        }
        JournalStream s = streams.get(id);
        Schema schema = event.schema();
        if (schema != s.schema() && !schema.equals(s.schema())) {
            throw new IllegalArgumentException("journal stream '" + s.key() + "' takes " + s.schema().name()
                    + " events, got " + schema.name());
        }
        return s;
    }

    /** The active segment; recreated if an earlier roll failed half way. */
    private SegmentWriter activeSegment() throws IOException {
        if (active == null) {
            active = SegmentWriter.create(dir, nextSequence, segmentBytes, streams, policy.syncs());
        }
        return active;
    }

    /** Seals the active segment and starts the next one at the next sequence. */
    private void roll() throws IOException {
        SegmentWriter old = active;
        if (!old.hasEvents()) {
            throw new IllegalStateException("the definitions of " + streams.size() + " streams do not fit in a journal segment of "
                    + segmentBytes + " bytes; use a larger segment size");
        }
        active = null;
        sealed.addLast(old.file());
        old.seal(policy.syncs());
        active = SegmentWriter.create(dir, nextSequence, segmentBytes, streams, policy.syncs());
    }

    /**
     * Makes everything appended so far durable on disk, unless the policy is {@link FsyncPolicy#NEVER}
     * (appended data is in the page cache either way). The call for {@link FsyncPolicy#ON_FLUSH}.
     */
    public void flush() throws IOException {
        if (policy.syncs()) {
            syncActive();
        }
    }

    /** fsyncs the active segment without holding the append lock (a roll syncs the segments it seals). */
    void syncActive() throws IOException {
        SegmentWriter w;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            w = active;
        } finally {
            lock.unlock();
        }
        if (w == null) {
            return;
        }
        try {
            w.forceData();
        } catch (ClosedChannelException e) {
            // rolled or closed meanwhile: sealing synced it
        }
    }

    /**
     * Replays the events with sequence >= {@code fromSequence} in sequence order: the events accepted
     * before this call (appends made during it may or may not be seen). Must not overlap a
     * {@link #releaseUpTo} of the segments it reads.
     */
    public void replay(long fromSequence, JournalVisitor visitor) throws IOException {
        try (JournalReader r = reader(fromSequence)) {
            while (r.next()) {
                visitor.onEvent(r.stream(), r.sequence(), r.current());
            }
        }
    }

    /** A cursor over the events accepted so far with sequence >= {@code fromSequence}. */
    public JournalReader reader(long fromSequence) {
        lock.lock();
        try {
            ensureOpen();
            List<SegmentFile> segments = new ArrayList<>(sealed);
            long limit = -1;
            if (active != null) {
                segments.add(active.file());
                limit = active.position();
            }
            return new JournalReader(segments, limit, false, fromSequence);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the segments whose events all have sequence <= {@code sequence}, oldest first; the
     * compactor calls this once the blocks holding those events are committed. The active segment (the
     * newest frames) is always kept; its name carries the sequence the journal continues from.
     */
    public void releaseUpTo(long sequence) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            while (!sealed.isEmpty()) {
                SegmentFile oldest = sealed.peekFirst();
                long lastInOldest = nextFirstSequence(oldest) - 1;
                if (lastInOldest > sequence) {
                    break;
                }
                Files.deleteIfExists(oldest.path());
                sealed.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    private long nextFirstSequence(SegmentFile segment) {
        boolean next = false;
        for (SegmentFile s : sealed) {
            if (next) {
                return s.firstSequence();
            }
            next = s == segment;
        }
        return active != null ? active.firstSequence() : nextSequence;
    }

    /** The sequence the next append will get. */
    public long nextSequence() {
        lock.lock();
        try {
            return nextSequence;
        } finally {
            lock.unlock();
        }
    }

    /** The streams registered so far (including those recovered), by id. */
    public List<JournalStream> streams() {
        lock.lock();
        try {
            return Collections.unmodifiableList(new ArrayList<>(streams));
        } finally {
            lock.unlock();
        }
    }

    /** The segment files, oldest first (the last is the active one). */
    public List<Path> segments() {
        lock.lock();
        try {
            List<Path> out = new ArrayList<>();
            sealed.forEach(s -> out.add(s.path()));
            if (active != null) {
                out.add(active.file().path());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #open} recovered. */
    public JournalRecovery recovery() {
        return recovery;
    }

    public Path directory() {
        return dir;
    }

    public FsyncPolicy policy() {
        return policy;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("journal " + dir + " is closed");
        }
    }

    /** Stops the flusher, seals the active segment (synced unless NEVER) and releases the directory lock. */
    @Override
    public void close() throws IOException {
        if (flusher != null) {
            flusher.stop(); // outside the lock: its last sync may be waiting for it
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (active != null) {
                    active.seal(policy.syncs());
                }
            } finally {
                try (lockChannel) {
                    dirLock.release();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
