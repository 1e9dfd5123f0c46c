package io.featurizer.storage.record;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.journal.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.featurizer.storage.record.RecorderTest.BOOK;
import static io.featurizer.storage.record.RecorderTest.TRADES;
import static io.featurizer.storage.record.RecorderTest.market;
import static io.featurizer.storage.record.RecorderTest.only;
import static io.featurizer.storage.record.RecorderTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocks longer than a row group (65,536 rows) are written a row group at a time while they are
 * open, and read back whole; the content hash does not depend on which path wrote a block.
 */
class StreamingBlocksTest {
    @TempDir
    Path dir;

    @Test
    void blocksOfSeveralRowGroupsReadBackIdenticalWithBookSnapshotsAtEachStart() throws Exception {
        List<Event> events = market(200_000); // ~160 k book messages, ~40 k trades
        List<Event> books = only(events, BookUpdate.class);
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(150_000))) {
                var book = r.callback(BOOK);
                var trades = r.callback(TRADES);
                for (Event e : events) {
                    (e instanceof BookUpdate ? book : trades).onEvent(null, e);
                }
            }
            assertEquals(books, readAll(s, BOOK));
            assertEquals(only(events, Trade.class), readAll(s, TRADES));

            List<BlockMetadata> blocks = s.blocks(StreamId.of(BOOK), Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(2, blocks.size());
            assertEquals(150_000, blocks.get(0).eventCount());
            // the second block starts with a synthesized snapshot of the book before it
            assertEquals(books.size() - 150_000 + 1, blocks.get(1).eventCount());
            // 150,000 rows = 65,536 + 65,536 + 18,928: counted by DuckDB's own Parquet reader
            assertEquals(3, rowGroups(s.fetch(blocks.get(0))));
            for (BlockMetadata b : blocks) { // the reader's digest of the pages is the writer's hash, across row groups
                assertEquals(java.util.Optional.empty(), s.verify(b));
            }
            assertEquals(List.of(65_536L, 65_536L, 18_928L), rowGroupSizes(s.fetch(blocks.get(0))));
        }
    }

    @Test
    void anOpenBlockIsWrittenToItsFileAsItsRowGroupsFillAndOnlyListedWhenSealed() throws Exception {
        List<Event> books = only(market(180_000), BookUpdate.class);
        assertTrue(books.size() > 2 * 65_536, "two row groups' worth: " + books.size());
        try (Storage s = Storage.open(dir.resolve("store")); BlockCommitter committer = new BlockCommitter(s, last -> { })) {
            StreamId id = StreamId.of(BOOK);
            s.register(BOOK);
            BlockWriter w = new BlockWriter(id, new CountBasedCompactor(1_000_000), committer);
            for (int i = 0; i < books.size(); i++) {
                w.add(books.get(i), i + 1);
            }
            committer.awaitIdle();
            // not sealed: nothing listed, but two full row groups are already in the block's temp file
            assertEquals(List.of(), s.blocks(id, Long.MIN_VALUE, Long.MAX_VALUE));
            List<Path> temp = workFiles();
            assertEquals(1, temp.size(), "one block being written: " + temp);
            assertTrue(Files.size(temp.get(0)) > 1_000_000, "row groups written before the seal: " + Files.size(temp.get(0)) + " bytes");

            w.flush();
            committer.awaitIdle();
            assertEquals(List.of(), workFiles(), "the temp file became the block");
            List<BlockMetadata> blocks = s.blocks(id, Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(1, blocks.size());
            assertEquals(books.size(), blocks.get(0).eventCount());
            assertEquals(books, readAll(s, BOOK));
        }
    }

    @Test
    void theSameEventsWrittenWholeAfterBeingRecordedRowGroupByRowGroupAreRecognisedAsStored() {
        List<Event> books = only(market(120_000), BookUpdate.class);
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(70_000))) {
                var cb = r.callback(BOOK);
                books.forEach(e -> cb.onEvent(null, e));
            }
            StreamId id = StreamId.of(BOOK);
            List<BlockMetadata> blocks = s.blocks(id, Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(2, blocks.size());
            for (BlockMetadata b : blocks) {
                List<Event> stored = new ArrayList<>();
                List<Long> seqs = new ArrayList<>();
                try (EventCursor c = ParquetBlocks.read(s.fetch(b), BookUpdate.SCHEMA)) {
                    while (c.next()) {
                        stored.add(c.current().copy());
                        seqs.add(c.sequence());
                    }
                }
                long[] sequences = seqs.stream().mapToLong(Long::longValue).toArray();
                assertTrue(s.writeBlock(id, b.compaction(), stored, sequences).isEmpty(), "same content, same hash: " + b.path());
                sequences[sequences.length - 1]++;
                assertTrue(s.writeBlock(id, b.compaction(), stored, sequences).isPresent(), "one sequence changed: another block");
            }
        }
    }

    @Test
    void openingStorageRemovesTheBlockFilesOfDeadWritersOfThisHostOnly() throws Exception {
        Path work = dir.resolve("store").resolve(".work");
        Storage.open(dir.resolve("store")).close();
        Process gone = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-version").redirectErrorStream(true).start();
        gone.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, gone.waitFor());
        // the name a block being written gets, from the temp file of a block really written here
        String host = hostOfThisProcessesBlockFiles();
        Path orphan = Files.writeString(work.resolve(".block-" + gone.pid() + "@" + host + "@1.parquet"), "half a block");
        Path mine = Files.writeString(work.resolve(".block-" + ProcessHandle.current().pid() + "@" + host + "@2.parquet"), "being written");
        Path otherHost = Files.writeString(work.resolve(".block-" + gone.pid() + "@another-host@3.parquet"), "another host's");
        Path unnamed = Files.writeString(work.resolve(".block-notapid.parquet"), "not ours to judge");
        Storage.open(dir.resolve("store")).close();
        assertTrue(Files.notExists(orphan), "the dead writer's file is removed");
        assertTrue(Files.exists(mine) && Files.exists(otherHost) && Files.exists(unnamed),
                "a live writer's file, another host's and one not named by a pid stay");
    }

    /** The host part of the temp file name of a block this process writes (caught while its row groups are in). */
    private String hostOfThisProcessesBlockFiles() throws Exception {
        try (Storage s = Storage.open(dir.resolve("probe")); BlockCommitter committer = new BlockCommitter(s, last -> { })) {
            BlockWriter w = new BlockWriter(StreamId.of(TRADES), new CountBasedCompactor(1_000_000), committer);
            List<Event> trades = only(market(400_000), Trade.class);
            for (int i = 0; i < 70_000; i++) {
                w.add(trades.get(i), i + 1);
            }
            committer.awaitIdle();
            try (Stream<Path> files = Files.list(dir.resolve("probe").resolve(".work"))) {
                String name = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".block-")).findFirst().orElseThrow();
                assertTrue(name.startsWith(".block-" + ProcessHandle.current().pid() + "@"), name);
                return name.split("@")[1];
            } finally {
                w.abandon();
                committer.awaitIdle();
            }
        }
    }

    @Test
    void anInterruptedProducerStillHandsItsRowGroupsAndSealOverAndKeepsItsInterrupt() throws Exception {
        List<Event> books = only(market(100_000), BookUpdate.class);
        try (Storage s = Storage.open(dir.resolve("store")); BlockCommitter committer = new BlockCommitter(s, last -> { })) {
            s.register(BOOK);
            BlockWriter w = new BlockWriter(StreamId.of(BOOK), new CountBasedCompactor(1_000_000), committer);
            for (int i = 0; i < books.size(); i++) {
                if (i == 70_000) {
                    Thread.currentThread().interrupt(); // e.g. an emitter thread being stopped while it records
                }
                w.add(books.get(i), i + 1);
            }
            w.flush();
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            committer.awaitIdle();
            assertEquals(Long.MAX_VALUE, w.oldestUncommitted(), "nothing left in flight: the journal may be released");
            assertEquals(books, readAll(s, BOOK), "the block is whole");
        } finally {
            Thread.interrupted();
        }
    }

    private List<Path> workFiles() throws Exception {
        Path work = dir.resolve("store").resolve(".work");
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".block-")).toList();
        }
    }

    private static long rowGroups(Path file) throws Exception {
        return rowGroupSizes(file).size();
    }

    private static List<Long> rowGroupSizes(Path file) throws Exception {
        List<Long> sizes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rs = c.createStatement().executeQuery("SELECT row_group_id, any_value(row_group_num_rows) FROM parquet_metadata('"
                     + file.toString().replace("'", "''") + "') GROUP BY row_group_id ORDER BY row_group_id")) {
            while (rs.next()) {
                sizes.add(rs.getLong(2));
            }
        }
        return sizes;
    }
}
