package io.featurizer.storage.ingest;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.record.BlockCommitter;
import io.featurizer.storage.record.BlockWriter;
import io.featurizer.storage.record.Compactor;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads vendor files into storage: each file's events go through per-source {@link BlockWriter}s
 * (book blocks start with a snapshot) and are committed as blocks. The file itself is the source of
 * truth, so there is no journal; an event's sequence is its file line. Writers start fresh for every
 * file, so a file always cuts into the same blocks: ingesting it again finds every block's content hash
 * in the catalog and writes nothing.
 *
 * <p>On a bad row in strict mode the blocks completed before it stay stored; the rest of the file is not
 * written. Re-running after fixing the file adds only what is missing.
 */
public final class Ingestor implements AutoCloseable {
    private final Storage storage;
    private final Compactor compactor;
    private final BlockCommitter committer;

    /** What one file gave. */
    public record Result(IngestStats stats, long blocksWritten, long blocksAlreadyStored) {
    }

    public Ingestor(Storage storage, Compactor compactor) {
        this.storage = storage;
        this.compactor = compactor;
        this.committer = new BlockCommitter(storage, last -> { });
    }

    /** Reads the whole file and stores its events; returns once its blocks are committed. */
    public Result ingest(VendorReader reader) throws IOException {
        Map<VendorSource, BlockWriter> writers = new HashMap<>();
        long written = committer.blocksWritten(), duplicates = committer.duplicateBlocks();
        IngestSink sink = new IngestSink() {
            // readers hand out one VendorSource object per run of a symbol's rows: an identity check skips the map
            private VendorSource lastSource;
            private BlockWriter lastWriter;

            @Override
            public void accept(VendorSource source, Event event, long line) {
                if (source != lastSource) {
                    lastWriter = writers.computeIfAbsent(source, s -> {
                        Feature f = s.feature();
                        storage.register(f);
                        return new BlockWriter(StreamId.of(f), compactor, committer);
                    });
                    lastSource = source;
                }
                lastWriter.add(event, line);
            }
        };
        IngestStats stats;
        try {
            stats = reader.read(sink);
        } catch (IOException | RuntimeException e) {
            try {
                writers.values().forEach(BlockWriter::abandon); // the file's unsealed blocks: not stored, temp files removed
                committer.awaitIdle();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        writers.values().forEach(BlockWriter::flush);
        committer.awaitIdle();
        return new Result(stats, committer.blocksWritten() - written, committer.duplicateBlocks() - duplicates);
    }

    @Override
    public void close() {
        committer.close();
    }
}
