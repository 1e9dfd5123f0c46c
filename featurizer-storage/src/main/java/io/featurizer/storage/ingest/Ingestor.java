package io.featurizer.storage.ingest;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.StagedBlocks;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.record.BlockCommitter;
import io.featurizer.storage.record.BlockWriter;
import io.featurizer.storage.record.Compactor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads vendor files into storage: each file's events go through per-source {@link BlockWriter}s
 * (book blocks start with a snapshot) and are committed as blocks. The file itself is the source of
 * truth, so there is no journal; an event's sequence is its file line.
 *
 * <p>{@link IngestMode#APPEND} (the default) skips every event already stored ({@link AlreadyStored}: equal
 * times and values), so ingesting a file again, under another compaction or after a lenient run, writes nothing
 * twice; a skipped book event still moves the writer's book, so the next block starts with the right snapshot.
 * On a bad row in strict mode the blocks completed before it stay stored; the rest of the file is not written.
 * Re-running after fixing the file adds only what is missing.
 *
 * <p>{@link IngestMode#REPLACE} swaps each stream's data in the file's time range atomically: the file's blocks
 * are written unlisted ({@link StagedBlocks}), then one catalog transaction lists them and unlists the old
 * blocks of the range ({@link RangeReplace}). A failed replace leaves storage as it was.
 */
public final class Ingestor implements AutoCloseable {
    private final Storage storage;
    private final Compactor compactor;
    private final BlockCommitter committer;

    private final IngestMode mode;

    /**
     * What one file gave.
     *
     * @param eventsAlreadyStored events skipped as already stored (append)
     * @param blocksReplaced      old blocks unlisted by a replace (their parts outside the file's range are written again)
     */
    public record Result(IngestStats stats, long blocksWritten, long blocksAlreadyStored, long eventsAlreadyStored, long blocksReplaced) {
    }

    public Ingestor(Storage storage, Compactor compactor) {
        this(storage, compactor, IngestMode.APPEND);
    }

    public Ingestor(Storage storage, Compactor compactor, IngestMode mode) {
        this.storage = storage;
        this.compactor = compactor;
        this.mode = mode;
        this.committer = new BlockCommitter(storage, last -> { });
    }

    /** One stream of the file: its writer, the append check, and the file's time range in it. */
    private final class Target {
        final StreamId stream;
        final BlockWriter writer;
        final AlreadyStored stored;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;

        Target(Feature f) {
            storage.register(f);
            stream = StreamId.of(f);
            writer = new BlockWriter(stream, compactor, committer);
            stored = mode == IngestMode.APPEND ? new AlreadyStored(storage, stream) : null;
        }
    }

    /** Reads the whole file and stores its events; returns once its blocks are committed (and, for a replace, listed). */
    public Result ingest(VendorReader reader) throws IOException {
        Map<VendorSource, Target> targets = new HashMap<>();
        long written = committer.blocksWritten(), duplicates = committer.duplicateBlocks();
        long[] skipped = {0};
        StagedBlocks staged = mode == IngestMode.REPLACE ? new StagedBlocks() : null;
        committer.stageInto(staged);
        IngestSink sink = new IngestSink() {
            // readers hand out one VendorSource object per run of a symbol's rows: an identity check skips the map
            private VendorSource lastSource;
            private Target last;

            @Override
            public void accept(VendorSource source, Event event, long line) {
                if (source != lastSource) {
                    last = targets.computeIfAbsent(source, s -> new Target(s.feature()));
                    lastSource = source;
                }
                if (last.stored != null && last.stored.contains(event)) {
                    last.writer.seedBook(event); // not stored again, but the book moves on as it did
                    skipped[0]++;
                    return;
                }
                last.min = Math.min(last.min, event.ts());
                last.max = Math.max(last.max, event.ts());
                last.writer.add(event, line);
            }
        };
        IngestStats stats;
        long replaced = 0;
        try {
            stats = reader.read(sink);
            targets.values().forEach(t -> t.writer.flush());
            committer.awaitIdle();
            if (staged != null) {
                List<BlockMetadata> remove = new ArrayList<>();
                for (Target t : targets.values()) {
                    if (t.min <= t.max) {
                        remove.addAll(RangeReplace.prepare(storage, t.stream, t.min, t.max, compactor.name(), staged));
                    }
                }
                storage.commit(staged, remove);
                replaced = remove.size();
            }
        } catch (IOException | RuntimeException e) {
            try {
                targets.values().forEach(t -> t.writer.abandon()); // the file's unsealed blocks: not stored, temp files removed
                committer.awaitIdle();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (staged != null) {
                storage.discard(staged); // a failed replace lists nothing and leaves no files
            }
            throw e;
        } finally {
            committer.stageInto(null);
            targets.values().forEach(t -> {
                if (t.stored != null) {
                    t.stored.close();
                }
            });
        }
        return new Result(stats, committer.blocksWritten() - written, committer.duplicateBlocks() - duplicates, skipped[0], replaced);
    }

    @Override
    public void close() {
        committer.close();
    }
}
