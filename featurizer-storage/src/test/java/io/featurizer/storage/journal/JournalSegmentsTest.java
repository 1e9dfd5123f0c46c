package io.featurizer.storage.journal;

import static io.featurizer.storage.journal.JournalTestSupport.replayAll;
import static io.featurizer.storage.journal.SampleEvents.*;
import static org.junit.jupiter.api.Assertions.*;

import io.featurizer.core.event.Trade;
import io.featurizer.storage.journal.JournalTestSupport.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment rolling and release after compaction. */
class JournalSegmentsTest {
    /**
     * By hand, for 4096-byte segments and one trade stream keyed "t": header 16 bytes; its definition
     * frame 21 + key(2+1) + schema name(2+6) + field count 4 + fields side(2+4+1) price(2+5+1)
     * amount(2+6+1) id(2+2+1) = 65; so 4096 - 81 = 4015 bytes hold 64 trade frames of 62 bytes.
     */
    private static final int TRADES_PER_SEGMENT = 64;
    private static final long SEALED_SIZE = 16 + 65 + 64 * 62;

    @TempDir
    Path dir;

    private static String name(long firstSequence) {
        return String.format("journal-%020d.log", firstSequence);
    }

    @Test
    void rollsAtTheSegmentSizeAndReleasesWholeSegments() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) {
            int t = j.stream("t", Trade.SCHEMA);
            for (int i = 0; i < 200; i++) {
                j.append(t, trade(i));
            }
            assertEquals(List.of(name(1), name(65), name(129), name(193)),
                    j.segments().stream().map(p -> p.getFileName().toString()).toList());
            for (int k = 0; k < 3; k++) {
                assertEquals(SEALED_SIZE, Files.size(j.segments().get(k)));
            }
            List<Entry> all = replayAll(j, 0);
            assertEquals(200, all.size());
            for (int i = 0; i < 200; i++) {
                assertEquals(i + 1, all.get(i).sequence());
                assertEquals(trade(i), all.get(i).event());
            }
            assertEquals(List.of(66L, 67L), replayAll(j, 66).stream().limit(2).map(Entry::sequence).toList());

            j.releaseUpTo(100); // segment 1 holds 1..64; segment 65 holds 65..128 and stays
            assertEquals(List.of(name(65), name(129), name(193)), fileNames());
            j.releaseUpTo(128);
            assertEquals(List.of(name(129), name(193)), fileNames());
            j.releaseUpTo(Long.MAX_VALUE); // the active segment (193..200) is kept
            assertEquals(List.of(name(193)), fileNames());
            List<Entry> left = replayAll(j, 0);
            assertEquals(193, left.get(0).sequence());
            assertEquals(trade(199), left.get(left.size() - 1).event());
        }
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) {
            assertEquals(201, j.nextSequence());
            assertEquals(201, j.append(0, trade(200)));
        }
        assertEquals(TRADES_PER_SEGMENT, (SEALED_SIZE - 81) / TRADE_FRAME);
    }

    @Test
    void releasingEverythingKeepsTheSequenceAcrossRestarts() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) {
            int t = j.stream("t", Trade.SCHEMA);
            for (int i = 0; i < 70; i++) {
                j.append(t, trade(i));
            }
        }
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) {
            j.releaseUpTo(70); // everything is compacted; only the new empty active segment remains
            assertEquals(List.of(name(71)), fileNames());
        }
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) {
            assertEquals(71, j.nextSequence());
            assertEquals(0, j.stream("t", Trade.SCHEMA)); // definitions survived in the empty segment
        }
    }

    @Test
    void streamRegisteredMidSegmentIsDefinedInItAndInLaterSegments() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 4096)) {
            int t = j.stream("t", Trade.SCHEMA);
            j.append(t, trade(0));
            int f = j.stream("feat", FEATURE);
            j.append(f, feature(1));
            for (int i = 2; i < 150; i++) {
                j.append(i % 2 == 0 ? t : f, i % 2 == 0 ? trade(i) : feature(i));
            }
        }
        // read each segment alone: it knows every stream it uses
        for (SegmentFile s : SegmentFile.list(dir)) {
            try (SegmentReader r = new SegmentReader(s, -1, false)) {
                int n = 0;
                while (r.nextEvent()) {
                    n++;
                }
                assertTrue(n > 0, s.path().toString());
                assertEquals(List.of("t", "feat"), r.streams().stream().map(JournalStream::key).toList());
            }
        }
    }

    private List<String> fileNames() throws Exception {
        return SegmentFile.list(dir).stream().map(s -> s.path().getFileName().toString()).toList();
    }
}
