package io.featurizer.storage.journal;

import static io.featurizer.storage.journal.JournalTestSupport.readAll;
import static io.featurizer.storage.journal.JournalTestSupport.replayAll;
import static io.featurizer.storage.journal.SampleEvents.*;
import static org.junit.jupiter.api.Assertions.*;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.journal.JournalTestSupport.Entry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn tails are cut and reported; damage anywhere else is a JournalCorruptException. */
class JournalRecoveryTest {
    private static final int LEVELS = 3;
    private static final int LAST_FRAME = bookFrame(LEVELS, LEVELS); // 166 bytes

    @TempDir
    Path tmp;

    /** trade, book, trade, then a book as the last frame; returns the single closed segment. */
    private Path writeFourEvents(Path dir) throws IOException {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 1 << 20)) {
            int b = j.stream("book", BookUpdate.SCHEMA);
            int t = j.stream("trades", Trade.SCHEMA);
            j.append(t, trade(0));
            j.append(b, book(1, LEVELS));
            j.append(t, trade(2));
            j.append(b, book(3, LEVELS));
        }
        List<SegmentFile> segments = SegmentFile.list(dir);
        assertEquals(1, segments.size());
        return segments.get(0).path();
    }

    @Test
    void tornLastFrameIsCutAtEveryByteOffset() throws Exception {
        Path original = writeFourEvents(tmp.resolve("original"));
        byte[] bytes = Files.readAllBytes(original);
        int lastStart = bytes.length - LAST_FRAME;
        for (int cut = lastStart; cut < bytes.length; cut++) {
            Path dir = Files.createDirectories(tmp.resolve("cut-" + cut));
            Path segment = dir.resolve(original.getFileName());
            Files.write(segment, java.util.Arrays.copyOf(bytes, cut));
            boolean partialFrameLeft = false;
            for (int k = lastStart; k < cut; k++) {
                partialFrameLeft |= bytes[k] != 0;
            }
            try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 1 << 20)) {
                JournalRecovery r = j.recovery();
                assertEquals(partialFrameLeft ? 1 : 0, r.tornFrames(), "cut at " + cut);
                if (partialFrameLeft) {
                    assertEquals(segment, r.tornSegment());
                    assertEquals(lastStart, r.tornOffset());
                    assertTrue(r.tornBytes() > 0 && r.tornBytes() <= cut - lastStart, "torn bytes " + r.tornBytes());
                }
                assertEquals(lastStart, Files.size(segment), "segment cut back to the last whole frame");
                assertEquals(4, j.nextSequence(), "the torn event's sequence was never accepted");
                List<Entry> back = replayAll(j, 0);
                assertEquals(List.of(trade(0), book(1, LEVELS), trade(2)), back.stream().map(Entry::event).toList());
                assertEquals(List.of(1L, 2L, 3L), back.stream().map(Entry::sequence).toList());
                assertEquals(4, j.append(0, book(9, 1)));
            }
        }
    }

    @Test
    void flippedByteInAMiddleFrameIsCorruption() throws Exception {
        Path segment = writeFourEvents(tmp.resolve("j"));
        long size = Files.size(segment);
        // frames from the end: book(166), trade(62), book(166), trade(62); the third event starts here
        long thirdStart = size - LAST_FRAME - TRADE_FRAME;
        flip(segment, thirdStart + 30); // inside its payload
        JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> Journal.open(segment.getParent(), FsyncPolicy.NEVER));
        assertEquals(segment, e.segment());
        assertEquals(thirdStart, e.offset());
        assertTrue(e.getMessage().contains(segment.toString()) && e.getMessage().contains("byte " + thirdStart), e.getMessage());
        assertTrue(e.reason().contains("CRC32C mismatch"), e.reason());
        // the read-only reader says the same
        e = assertThrows(JournalCorruptException.class, () -> readAll(JournalReader.open(segment.getParent(), 0)));
        assertEquals(thirdStart, e.offset());
    }

    @Test
    void flippedLengthOfAMiddleFrameIsCorruptionNotATornTail() throws Exception {
        Path segment = writeFourEvents(tmp.resolve("j"));
        long secondStart = Files.size(segment) - LAST_FRAME - TRADE_FRAME - LAST_FRAME;
        flip(segment, secondStart + 1); // the length now claims more bytes than the segment has
        JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> Journal.open(segment.getParent(), FsyncPolicy.NEVER));
        assertEquals(secondStart, e.offset());
        assertTrue(e.reason().contains("runs past the end") && e.reason().contains("not a torn tail"), e.reason());
    }

    @Test
    void damagedLastFrameIsATornTail() throws Exception {
        Path segment = writeFourEvents(tmp.resolve("j"));
        long lastStart = Files.size(segment) - LAST_FRAME;
        flip(segment, lastStart + 50);
        try (Journal j = Journal.open(segment.getParent(), FsyncPolicy.NEVER)) {
            assertEquals(lastStart, j.recovery().tornOffset());
            // counted up to the frame's last non-zero byte: its last ask size 7.0 ends in zero bytes
            assertTrue(j.recovery().tornBytes() > LAST_FRAME - 8 && j.recovery().tornBytes() <= LAST_FRAME, "" + j.recovery());
            assertEquals(3, replayAll(j, 0).size());
        }
    }

    @Test
    void badFrameAtTheEndOfAnOlderSegmentIsCorruption() throws Exception {
        Path dir = tmp.resolve("j");
        writeTrades(dir, 100);
        Path first = SegmentFile.list(dir).get(0).path();
        long lastFrame = Files.size(first) - TRADE_FRAME;
        flip(first, lastFrame + 40);
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) { // open reads only the last segment
            JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> replayAll(j, 0));
            assertEquals(first, e.segment());
            assertEquals(lastFrame, e.offset());
        }
    }

    @Test
    void missingSegmentIsCorruption() throws Exception {
        Path dir = tmp.resolve("j");
        writeTrades(dir, 200);
        List<SegmentFile> segments = SegmentFile.list(dir);
        Files.delete(segments.get(1).path());
        JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> readAll(JournalReader.open(dir, 0)));
        assertEquals(segments.get(2).path(), e.segment());
        assertTrue(e.reason().contains("segment is missing"), e.reason());
    }

    @Test
    void foreignFileIsReportedWithItsPath() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Path bogus = dir.resolve(SegmentFile.fileName(1));
        Files.writeString(bogus, "this is not a journal segment");
        JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> Journal.open(dir, FsyncPolicy.NEVER));
        assertEquals(bogus, e.segment());
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("bad magic"), e.reason());
    }

    /** {@code n} trades in 4096-byte segments of 64 trades each. */
    private static void writeTrades(Path dir, int n) throws IOException {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) {
            int t = j.stream("t", Trade.SCHEMA);
            for (int i = 0; i < n; i++) {
                j.append(t, trade(i));
            }
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0xFF)).rewind();
            ch.write(b, offset);
        }
    }
}
