package io.featurizer.storage;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged block file in a local store: reading fails with the block's path, after the good blocks before it; never a silent skip. */
class CorruptBlockTest {
    static final Feature BOOK = Features.l2Book("BINANCE", "spot", "BTC-USDT");

    @TempDir
    Path tmp;
    Storage storage;
    List<Event> books;
    List<BlockMetadata> blocks;
    BlockMetadata victim;
    Path victimFile;

    @BeforeEach
    void recordThreeBlocks() {
        books = HostileNamesTest.market(5, 3_000).stream().filter(BookUpdate.class::isInstance).toList();
        storage = Storage.open(tmp.resolve("store"));
        try (Recorder r = Recorder.open(storage, tmp.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(800))) {
            var cb = r.callback(BOOK);
            books.forEach(e -> cb.onEvent(null, e));
        }
        blocks = storage.blocks(StreamId.of(BOOK), Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(blocks.size() >= 3, "blocks: " + blocks.size());
        victim = blocks.get(1);
        victimFile = tmp.resolve("store").resolve(victim.path());
        assertTrue(Files.isRegularFile(victimFile), victimFile.toString());
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        storage.close();
    }

    /** The recorded events of the first block (its events minus none: the first block starts with the venue's snapshot or a real event). */
    List<Event> firstBlockEvents() {
        return books.subList(0, (int) blocks.get(0).eventCount());
    }

    void assertReadFailsNamingTheBlock() {
        assertReadFailsNamingTheBlock(true);
    }

    /** @param prefix whether the blocks before the bad one are delivered first (a well-formed file of another stream sorts by its own times) */
    void assertReadFailsNamingTheBlock(boolean prefix) {
        List<Event> got = new ArrayList<>();
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (EventCursor c = storage.read(BOOK, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    got.add(c.current().copy());
                }
            }
        });
        assertTrue(e.getMessage().contains(victimFile.toString()), "message names the block file: " + e.getMessage());
        if (prefix) {
            assertEquals(firstBlockEvents(), got, "the blocks before the bad one are delivered whole");
        }
        // a range that starts inside the bad block fails at once
        long inside = victim.startTs();
        RuntimeException direct = assertThrows(RuntimeException.class, () -> {
            try (EventCursor c = storage.read(BOOK, inside, inside)) {
                while (c.next()) {
                    c.current();
                }
            }
        });
        assertTrue(direct.getMessage().contains(victimFile.toString()), direct.getMessage());
    }

    @Test
    void garbage() throws IOException {
        Files.writeString(victimFile, "PAR1 definitely not a parquet block PAR1", StandardCharsets.UTF_8);
        assertReadFailsNamingTheBlock();
    }

    @Test
    void truncatedToHalf() throws IOException {
        byte[] b = Files.readAllBytes(victimFile);
        Files.write(victimFile, Arrays.copyOf(b, b.length / 2));
        assertReadFailsNamingTheBlock();
    }

    @Test
    void footerCutOff() throws IOException {
        byte[] b = Files.readAllBytes(victimFile);
        Files.write(victimFile, Arrays.copyOf(b, b.length - 8));
        assertReadFailsNamingTheBlock();
    }

    @Test
    void emptied() throws IOException {
        Files.write(victimFile, new byte[0]);
        assertReadFailsNamingTheBlock();
    }

    @Test
    void deleted() throws IOException {
        Files.delete(victimFile);
        assertReadFailsNamingTheBlock();
    }

    @Test
    void replacedByAnotherStreamsBlock() throws IOException {
        // a valid Parquet file of another event type (trades) where a book block should be
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        List<Event> someTrades = HostileNamesTest.market(6, 2_000).stream().filter(e -> !(e instanceof BookUpdate)).toList();
        long[] seqs = new long[someTrades.size()];
        Arrays.setAll(seqs, i -> i + 1);
        BlockMetadata other = storage.writeBlock(StreamId.of(trades), "count-all", someTrades, seqs).orElseThrow();
        Files.copy(tmp.resolve("store").resolve(other.path()), victimFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertReadFailsNamingTheBlock(false);
    }

    @Test
    void verifyPassesIntactBlocksAndNamesOneSwappedForAnotherValidBlockOfTheSameStream() throws IOException {
        for (BlockMetadata b : blocks) {
            assertEquals(java.util.Optional.empty(), storage.verify(b), "intact: " + b.path());
        }
        // a well-formed book block of the same stream, just not the one listed here: reads cannot tell
        Files.copy(tmp.resolve("store").resolve(blocks.get(2).path()), victimFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String problem = storage.verify(victim).orElseThrow();
        assertTrue(problem.contains(victimFile.toString()) && problem.contains(victim.hash()), problem);
        assertEquals(java.util.Optional.empty(), storage.verify(blocks.get(2)));
    }

    @Test
    void verifyReportsAnUnreadableBlockWithItsPath() throws IOException {
        byte[] b = Files.readAllBytes(victimFile);
        b[b.length / 2] ^= 0x55; // inside a compressed page: its CRC fails
        Files.write(victimFile, b);
        String problem = storage.verify(victim).orElseThrow();
        assertTrue(problem.contains(victimFile.toString()), problem);
    }
}
