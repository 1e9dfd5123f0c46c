package io.featurizer.storage.record;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.emitter.DataSourceEventEmitter;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.journal.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Records data sources and feature outputs into storage, crash-safely. An event is <i>accepted</i>
 * once {@link #accept} returns: it is then in the append-only journal (with its global ingestion
 * sequence) and in its stream's {@link BlockWriter}. Blocks are written in the background; journal
 * segments are released only once every event in them is in a committed block. Opening a recorder over
 * a journal a crashed run left behind first stores what that run had accepted but not yet written.
 *
 * <p>Feed it from emitter callbacks ({@link #record(DataSourceEventEmitter, Feature)}) and from a graph's
 * feature outputs ({@link #recordOutputs}). Thread-safe: callbacks may come from several threads.
 */
public final class Recorder implements AutoCloseable {
    private static final int RELEASE_EVERY = 1 << 14;

    private final Storage storage;
    private final Journal journal;
    private final Function<StreamId, Compactor> compactors;
    private final BlockCommitter committer;
    private final Map<String, Writer> writers = new HashMap<>();
    private final List<Writer> all = new ArrayList<>();
    private long accepted;
    private long recovered;
    private boolean closed;

    private record Writer(int journalStream, BlockWriter blocks) {
    }

    private Recorder(Storage storage, Journal journal, Function<StreamId, Compactor> compactors) {
        this.storage = storage;
        this.journal = journal;
        this.compactors = compactors;
        this.committer = new BlockCommitter(storage, last -> { });
    }

    /**
     * Opens a recorder with its journal in {@code journalDir}, first recovering any events a previous run
     * accepted but did not store (they are written as blocks before this returns).
     */
    public static Recorder open(Storage storage, Path journalDir, FsyncPolicy fsync, Function<StreamId, Compactor> compactors) {
        Journal journal;
        try {
            journal = Journal.open(journalDir, fsync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the recorder's journal in " + journalDir, e);
        }
        Recorder r = new Recorder(storage, journal, compactors);
        try {
            r.recover();
        } catch (RuntimeException e) {
            r.committer.close();
            r.closeJournal();
            throw e;
        }
        return r;
    }

    /** Same compactor for every stream. */
    public static Recorder open(Storage storage, Path journalDir, FsyncPolicy fsync, Compactor compactor) {
        return open(storage, journalDir, fsync, s -> compactor);
    }

    private void recover() {
        Map<String, Long> stored = new HashMap<>();
        try {
            journal.replay(0, (stream, sequence, event) -> {
                StreamId id = StreamId.parse(stream.key(), stream.schema());
                long last = stored.computeIfAbsent(stream.key(), p -> lastStoredSequence(id));
                if (sequence > last) {
                    writer(id).blocks.add(event, sequence);
                    recovered++;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the journal in " + journal.directory(), e);
        }
        flush();
    }

    /** Reads the stream's newest block: its highest sequence, and (for a book) the book it leaves, to seed the writer. */
    private long lastStoredSequence(StreamId id) {
        List<BlockMetadata> blocks = storage.blocks(id, Long.MIN_VALUE, Long.MAX_VALUE);
        if (blocks.isEmpty()) {
            return 0;
        }
        BlockMetadata newest = blocks.get(0);
        for (BlockMetadata b : blocks) {
            if (b.endTs() >= newest.endTs()) {
                newest = b;
            }
        }
        long max = 0;
        BlockWriter w = writer(id).blocks;
        try (EventCursor c = ParquetBlocks.read(storage.fetch(newest), id.schema())) {
            while (c.next()) {
                max = Math.max(max, c.sequence());
                w.seedBook(c.current());
            }
        }
        return max;
    }

    private synchronized Writer writer(StreamId id) {
        Writer w = writers.get(id.path());
        if (w == null) {
            int stream;
            try {
                stream = journal.stream(id.path(), id.schema());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot register stream " + id + " in the journal " + journal.directory(), e);
            }
            w = new Writer(stream, new BlockWriter(id, compactors.apply(id), committer));
            writers.put(id.path(), w);
            all.add(w);
        }
        return w;
    }

    /** Lists the feature in the catalog and returns the callback that records its events. */
    public DataSourceCallback callback(Feature feature) {
        storage.register(feature);
        StreamId id = StreamId.of(feature);
        Writer w = writer(id);
        return (source, event) -> accept(w, event);
    }

    /** Records every event of a data source the emitter delivers. */
    public void record(DataSourceEventEmitter emitter, Feature source) {
        emitter.registerCallback(source, callback(source));
    }

    /** Records the outputs of the given features of a graph ({@code features_to_store}). */
    public void recordOutputs(FeatureStreamGraph graph, List<Feature> features) {
        for (Feature f : features) {
            DataSourceCallback cb = callback(f);
            graph.addCallback(f, (feature, event) -> cb.onEvent(feature, event));
        }
    }

    /** Accepts one event of a stream: journal first, then its block writer. Returns its ingestion sequence. */
    public long accept(StreamId stream, Event event) {
        return accept(writer(stream), event);
    }

    private synchronized long accept(Writer w, Event event) {
        if (closed) {
            throw new IllegalStateException("recorder is closed");
        }
        long seq;
        try {
            seq = journal.append(w.journalStream, event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + journal.directory() + " (event not accepted)", e);
        }
        w.blocks.add(event, seq);
        if ((++accepted & (RELEASE_EVERY - 1)) == 0) {
            releaseJournal();
        }
        return seq;
    }

    /** Deletes journal segments whose every event is in a committed block. */
    private void releaseJournal() {
        long oldest = Long.MAX_VALUE;
        for (Writer w : all) {
            oldest = Math.min(oldest, w.blocks.oldestUncommitted());
        }
        if (oldest == Long.MAX_VALUE) {
            oldest = journal.nextSequence();
        }
        try {
            journal.releaseUpTo(oldest - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release journal segments in " + journal.directory(), e);
        }
    }

    private void closeJournal() {
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal " + journal.directory(), e);
        }
    }

    /** Seals every open block and waits until all are stored; then releases the journal. */
    public void flush() {
        List<Writer> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(all);
        }
        for (Writer w : snapshot) {
            w.blocks.flush();
        }
        committer.awaitIdle();
        synchronized (this) {
            try {
                journal.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush the journal " + journal.directory(), e);
            }
            releaseJournal();
        }
    }

    /** Events accepted by this recorder (not counting recovered ones). */
    public synchronized long accepted() {
        return accepted;
    }

    /** Events a previous run had accepted but not stored, written by this recorder when it opened. */
    public long recovered() {
        return recovered;
    }

    public long blocksWritten() {
        return committer.blocksWritten();
    }

    /** Flushes everything to blocks, then closes the journal. The storage stays open (it is the caller's). */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            synchronized (this) {
                closed = true;
            }
            committer.close();
            closeJournal();
        }
    }
}
