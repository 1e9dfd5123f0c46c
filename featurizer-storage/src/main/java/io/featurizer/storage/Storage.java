package io.featurizer.storage;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.block.BlockFileException;
import io.featurizer.storage.block.BlockFileWriter;
import io.featurizer.storage.block.PageEncoder;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.Catalog;
import io.featurizer.storage.catalog.DataSourceMetadata;
import io.featurizer.storage.catalog.FeatureMetadata;
import io.featurizer.storage.catalog.JdbcCatalog;
import io.featurizer.storage.store.DataStoreAdapter;
import io.featurizer.storage.store.LocalDataStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Featurizer Storage: a data store holding block files plus the catalog indexing them. Writes a
 * block atomically and idempotently (temp file, rename into the store, then the catalog row; a block
 * whose content hash is listed is not written again), and reads a stream's stored events back in order.
 * Thread-safe.
 */
public final class Storage implements AutoCloseable {
    /** The SQLite catalog's file name in a local storage root. */
    public static final String CATALOG_FILE = JdbcCatalog.FILE_NAME;

    private final DataStoreAdapter store;
    private final Catalog catalog;
    private final Path workDir;

    public Storage(DataStoreAdapter store, Catalog catalog, Path workDir) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.workDir = workDir;
        if (workDir == null) {
            return; // read-only: nothing is written, not even the work folder
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage work folder " + workDir, e);
        }
        removeOrphanBlockFiles(workDir);
    }

    /**
     * A local storage root opened for reading only: the SQLite catalog read-only ({@link JdbcCatalog#sqliteReadOnly}),
     * no work folder, no clean-up; a write fails. For commands that only read (SQL, catalog listings, replay), so they
     * work on a store the user cannot write.
     */
    public static Storage openReadOnly(Path root) {
        Catalog catalog = JdbcCatalog.sqliteReadOnly(root.resolve(CATALOG_FILE));
        try {
            return new Storage(new LocalDataStore(root), catalog, null);
        } catch (IOException e) {
            catalog.close();
            throw new UncheckedIOException("cannot open storage root " + root, e);
        }
    }

    /** The default: a local directory with blocks and an embedded SQLite catalog ({@code catalog.db}) in it. */
    public static Storage open(Path root) {
        try {
            Files.createDirectories(root);
            return new Storage(new LocalDataStore(root), JdbcCatalog.inStorageRoot(root), root.resolve(".work"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open storage root " + root, e);
        }
    }

    public DataStoreAdapter store() {
        return store;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Lists a data source or feature in the catalog (idempotent). */
    public void register(Feature feature) {
        if (feature.isDataSource()) {
            var p = feature.params();
            catalog.registerDataSource(new DataSourceMetadata(feature.key(), feature.definition().name(),
                    str(p.get(DataSourceDefinition.EXCHANGE)), str(p.get(DataSourceDefinition.INSTRUMENT_TYPE)),
                    str(p.get(DataSourceDefinition.SYMBOL)), Json.params(p.asMap())));
        } else {
            catalog.registerFeature(new FeatureMetadata(feature.key(), feature.name(), feature.definition().name(),
                    Json.params(feature.params().asMap()),
                    feature.dataSources().stream().map(f -> '"' + f.key() + '"').collect(Collectors.joining(",", "[", "]"))));
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * Writes events {@code [0, n)} (in order) of a stream as one block. Returns the block, or empty when
     * a block with the same content is already stored (the write is then a no-op).
     */
    public Optional<BlockMetadata> writeBlock(StreamId stream, String compaction, List<? extends Event> events, long[] sequences) {
        if (events.isEmpty()) {
            return Optional.empty();
        }
        long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
        for (Event e : events) {
            start = Math.min(start, e.ts());
            end = Math.max(end, e.ts());
        }
        return writeWhole(stream, compaction, events, sequences, start, end);
    }

    /**
     * Like {@link #writeBlock(StreamId, String, List, long[])}, for a computed stream that holds every
     * event of the stream with {@code coveredFrom <= ts <= coveredTo}: the block's catalog range is that
     * span rather than its first and last event's time, so a reader can tell the block is complete over
     * it (the batch compute's feature cache). The covered range is part of the content hash.
     */
    public Optional<BlockMetadata> writeBlock(StreamId stream, String compaction, List<? extends Event> events, long[] sequences,
                                              long coveredFrom, long coveredTo) {
        if (events.isEmpty()) {
            return Optional.empty();
        }
        for (Event e : events) {
            checkCovered(stream, e.ts(), coveredFrom, coveredTo);
        }
        return writeWhole(stream, compaction, events, sequences, coveredFrom, coveredTo, coveredFrom, coveredTo);
    }

    /**
     * Like {@link #writeBlock(StreamId, String, List, long[], long, long)}, returning the block whether it was
     * written now or was already stored with the same content.
     */
    public BlockMetadata putBlock(StreamId stream, String compaction, List<? extends Event> events, long[] sequences,
                                  long coveredFrom, long coveredTo) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("block of " + stream + ": no events");
        }
        for (Event e : events) {
            checkCovered(stream, e.ts(), coveredFrom, coveredTo);
        }
        Path tmp = tempBlockFile();
        try {
            String hash = ParquetBlocks.write(tmp, stream.schema(), events, sequences, coveredFrom, coveredTo);
            String path = StorageLayout.blockKey(stream.kind(), stream.definition(), stream.key(), compaction, coveredFrom, coveredTo, hash);
            for (BlockMetadata b : blocks(stream, coveredFrom, coveredTo)) {
                if (b.hash().equals(hash) && b.path().equals(path)) {
                    return b;
                }
            }
            return install(stream, compaction, tmp, coveredFrom, coveredTo, events.size(), hash).orElseGet(() ->
                    new BlockMetadata(stream.kind(), stream.key(), path, hash, compaction, coveredFrom, coveredTo, events.size(), 0));
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void checkCovered(StreamId stream, long ts, long coveredFrom, long coveredTo) {
        if (ts < coveredFrom || ts > coveredTo) {
            throw new IllegalArgumentException("block of " + stream + ": event at " + ts + " outside its covered range ["
                    + coveredFrom + ", " + coveredTo + "]");
        }
    }

    private Optional<BlockMetadata> writeWhole(StreamId stream, String compaction, List<? extends Event> events, long[] sequences,
                                               long start, long end, long... extra) {
        Path tmp = tempBlockFile();
        try {
            String hash = ParquetBlocks.write(tmp, stream.schema(), events, sequences, extra);
            return install(stream, compaction, tmp, start, end, events.size(), hash);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Starts a block of a stream that is written a row group at a time as its events arrive (the
     * recorder's and the ingest's way): see {@link PendingBlock}. {@code encoder} belongs to the
     * calling thread and may serve many pending blocks.
     */
    public PendingBlock startBlock(StreamId stream, String compaction, PageEncoder encoder) {
        Path tmp = tempBlockFile();
        try {
            return new PendingBlock(this, stream, compaction, new BlockFileWriter(tmp, stream.schema(), encoder));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot create a block file in " + workDir, e);
        }
    }

    private Path tempBlockFile() {
        if (workDir == null) {
            throw new IllegalStateException("storage opened read-only: cannot write blocks");
        }
        try {
            return Files.createTempFile(workDir, tempPrefix(), ".parquet");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a block file in " + workDir, e);
        }
    }

    /**
     * Temp block files are named {@code .block-{pid}@{host}@…}: the process writing them and its host,
     * so an orphan can be told from a live writer's file even when several hosts or containers share
     * the storage root.
     */
    private static final String TEMP_PREFIX = ".block-";
    private static final String HOST = hostName();

    private static String hostName() {
        String h;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "localhost";
        }
        return h.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    private static String tempPrefix() {
        return TEMP_PREFIX + ProcessHandle.current().pid() + "@" + HOST + "@";
    }

    /**
     * Deletes the temp files of blocks that were being written by processes of this host that are no
     * longer alive (a killed recorder leaves its open blocks' files; their events are still in its
     * journal). Files of live processes, of other hosts, or not named this way are left alone.
     */
    private static void removeOrphanBlockFiles(Path workDir) {
        try (var files = Files.newDirectoryStream(workDir, TEMP_PREFIX + "*@*@*.parquet")) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().substring(TEMP_PREFIX.length()).split("@", 3);
                long pid;
                try {
                    pid = Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (parts.length == 3 && parts[1].equals(HOST) && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    deleteQuietly(f);
                }
            }
        } catch (IOException e) {
            // leftovers cost disk space only; opening storage must not fail over them
        }
    }

    static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a leftover temp file in the work folder is harmless
        }
    }

    /**
     * Makes a finished block file visible: moves it into the store, then lists it in the catalog.
     * A block whose hash is already listed is not stored again (empty result; the caller deletes the file).
     * With {@code staged}, the block is moved into the store but not listed: it joins the staged set, which
     * {@link #commit(StagedBlocks, List)} lists in one transaction.
     */
    Optional<BlockMetadata> install(StreamId stream, String compaction, Path file, long start, long end, long count, String hash,
                                    StagedBlocks staged) {
        if (staged == null && catalog.hasBlock(stream.kind(), stream.key(), hash)) {
            return Optional.empty();
        }
        BlockMetadata block = place(stream, compaction, file, start, end, count, hash);
        if (staged != null) {
            staged.add(block);
        } else {
            catalog.addBlock(block);
        }
        return Optional.of(block);
    }

    Optional<BlockMetadata> install(StreamId stream, String compaction, Path file, long start, long end, long count, String hash) {
        return install(stream, compaction, file, start, end, count, hash, null);
    }

    /** Moves a finished block file to its place in the store (named by its content, so placing it twice is harmless). */
    private BlockMetadata place(StreamId stream, String compaction, Path file, long start, long end, long count, String hash) {
        String path = StorageLayout.blockKey(stream.kind(), stream.definition(), stream.key(), compaction, start, end, hash);
        try {
            long size = Files.size(file);
            store.putMoving(file, path);
            return new BlockMetadata(stream.kind(), stream.key(), path, hash, compaction, start, end, count, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write block " + store.describe(path), e);
        }
    }

    /**
     * Writes events {@code [0, n)} (in order) of a stream as one block that is stored but not yet listed: it joins
     * {@code staged}, listed by {@link #commit(StagedBlocks, List)}. Covered-range blocks are not staged.
     */
    public BlockMetadata writeStaged(StreamId stream, String compaction, List<? extends Event> events, long[] sequences, StagedBlocks staged) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("block of " + stream + ": no events");
        }
        long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
        for (Event e : events) {
            start = Math.min(start, e.ts());
            end = Math.max(end, e.ts());
        }
        Path tmp = tempBlockFile();
        try {
            String hash = ParquetBlocks.write(tmp, stream.schema(), events, sequences);
            return install(stream, compaction, tmp, start, end, events.size(), hash, staged).orElseThrow();
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Lists the staged blocks and unlists {@code remove} in one catalog transaction (a reader sees the old blocks
     * or the new ones, never a mix), then deletes the removed blocks' files (those not listed again).
     */
    public void commit(StagedBlocks staged, List<BlockMetadata> remove) {
        List<BlockMetadata> add = staged.blocks();
        catalog.replaceBlocks(remove, add);
        staged.clear();
        deleteFiles(remove, add);
    }

    /** Deletes the files of staged blocks that will not be listed (a failed replace). */
    public void discard(StagedBlocks staged) {
        List<BlockMetadata> unlisted = new ArrayList<>();
        for (BlockMetadata b : staged.blocks()) {
            if (!catalog.hasBlock(b.kind(), b.key(), b.hash())) { // a listed block with the same content shares the file
                unlisted.add(b);
            }
        }
        deleteFiles(unlisted, List.of());
        staged.clear();
    }

    /** Unlists blocks in one catalog transaction, then deletes their files. */
    public void remove(List<BlockMetadata> blocks) {
        catalog.replaceBlocks(blocks, List.of());
        deleteFiles(blocks, List.of());
    }

    private void deleteFiles(List<BlockMetadata> removed, List<BlockMetadata> kept) {
        java.util.Set<String> keep = new java.util.HashSet<>();
        kept.forEach(b -> keep.add(b.path()));
        for (BlockMetadata b : removed) {
            if (!keep.contains(b.path())) {
                try {
                    store.delete(b.path());
                } catch (IOException e) {
                    // unlisted already: a leftover file costs disk space only, and no read sees it
                }
            }
        }
    }

    /** The stream's blocks overlapping [from, to], in time order. */
    public List<BlockMetadata> blocks(StreamId stream, long from, long to) {
        return catalog.blocks(stream.kind(), stream.key(), from, to);
    }

    /**
     * The stored events of a stream with {@code from <= ts <= to}: the de-duplicated union of its blocks in
     * stream order, whatever the block layout ({@link BlockMerge}; block-start book snapshots the recorder
     * synthesized are left out).
     */
    public BlockMerge read(StreamId stream, long from, long to) {
        return new BlockMerge(this, stream, blocks(stream, from, to), from, to, false);
    }

    /** Like {@link #read}, for a feature or data source. */
    public BlockMerge read(Feature feature, long from, long to) {
        return read(StreamId.of(feature), from, to);
    }

    /** A local copy of a block's file (the file itself for a local store). */
    public Path fetch(BlockMetadata block) {
        try {
            return store.fetch(block.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch block " + store.describe(block.path()), e);
        }
    }

    /**
     * Checks that a stored block is the one its catalog row lists: the file is there, decodes whole,
     * and has the listed content hash (a valid block swapped in for another fails here, not on read).
     * Returns what is wrong, naming the file, or empty when it checks out.
     */
    public Optional<String> verify(BlockMetadata block) {
        try {
            Path file = fetch(block);
            String[] hashes = ParquetBlocks.contentHashes(file, block.startTs(), block.endTs()); // a covered range is hashed as extras
            if (hashes[0].equals(block.hash()) || hashes[1].equals(block.hash())) {
                return Optional.empty();
            }
            return Optional.of(store.describe(block.path()) + ": content hash " + hashes[0] + ", but the catalog lists it as " + block.hash());
        } catch (BlockFileException | UncheckedIOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Lists a block under the content hash of its file as it is now (for stores written before the
     * hash was taken over the encoded pages, 2026-11-24). {@code coveredRange}: the block was written
     * complete over its catalog range ({@link #writeBlock(StreamId, String, List, long[], long, long)}),
     * so the range is hashed too. Returns the new hash, or empty if the listed one already matches.
     * Only for a store known to be intact: it accepts whatever file is there.
     */
    public Optional<String> rehash(BlockMetadata block, boolean coveredRange) {
        String[] hashes = ParquetBlocks.contentHashes(fetch(block), block.startTs(), block.endTs());
        String now = coveredRange ? hashes[1] : hashes[0];
        if (now.equals(block.hash())) {
            return Optional.empty();
        }
        if (!catalog.setBlockHash(block, now)) {
            throw new IllegalStateException("block " + store.describe(block.path()) + " is no longer listed as " + block.hash());
        }
        return Optional.of(now);
    }

    /** Every stored block file of a stream, for SQL views. */
    public List<Path> files(StreamId stream) {
        List<Path> files = new ArrayList<>();
        for (BlockMetadata b : blocks(stream, Long.MIN_VALUE, Long.MAX_VALUE)) {
            files.add(fetch(b));
        }
        return files;
    }

    @Override
    public void close() {
        catalog.close();
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
