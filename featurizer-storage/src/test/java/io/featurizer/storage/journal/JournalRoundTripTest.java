package io.featurizer.storage.journal;

import static io.featurizer.storage.journal.JournalTestSupport.readAll;
import static io.featurizer.storage.journal.JournalTestSupport.replayAll;
import static io.featurizer.storage.journal.SampleEvents.*;
import static org.junit.jupiter.api.Assertions.*;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.journal.JournalTestSupport.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void mixedStreamsComeBackInOrderWithKeysAndSchemas() throws Exception {
        Event[] written = {book(0, 10), trade(1), feature(2), book(3, 2), trade(4), feature(5)};
        String[] keys = {"book", "trades", "feat", "book", "trades", "feat"};
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
            int bookId = j.stream("book", BookUpdate.SCHEMA);
            int tradeId = j.stream("trades", Trade.SCHEMA);
            int featId = j.stream("feat", FEATURE);
            assertEquals(List.of(0, 1, 2), List.of(bookId, tradeId, featId));
            int[] ids = {bookId, tradeId, featId, bookId, tradeId, featId};
            for (int i = 0; i < written.length; i++) {
                assertEquals(i + 1, j.append(ids[i], written[i])); // sequences start at 1
            }
            List<Entry> back = replayAll(j, 0);
            assertEquals(written.length, back.size());
            for (int i = 0; i < written.length; i++) {
                assertEquals(keys[i], back.get(i).key());
                assertEquals(i + 1, back.get(i).sequence());
                assertEquals(written[i], back.get(i).event(), "event " + i);
            }
            assertEquals(FEATURE, j.streams().get(featId).schema());
        }
        // and from the files alone, after close
        List<Entry> again = readAll(JournalReader.open(dir, 0));
        assertEquals(written.length, again.size());
        assertEquals(written[0], again.get(0).event());
        assertInstanceOf(BookUpdate.class, again.get(0).event());
        assertInstanceOf(Trade.class, again.get(1).event());
        assertEquals(written[5], again.get(5).event());
        assertEquals(FEATURE, again.get(5).event().schema());
    }

    @Test
    void sequencesAndStreamIdsContinueAfterReopen() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
            int t = j.stream("trades", Trade.SCHEMA);
            for (int i = 0; i < 3; i++) {
                j.append(t, trade(i));
            }
        }
        // two reopens without appends must not lose the next sequence
        for (int k = 0; k < 2; k++) {
            try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
                assertEquals(4, j.nextSequence());
                assertEquals(0, j.recovery().tornBytes());
            }
        }
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
            assertEquals(1, j.streams().size());
            assertEquals(0, j.stream("trades", Trade.SCHEMA)); // same id as before
            int b = j.stream("book", BookUpdate.SCHEMA);
            assertEquals(1, b);
            assertEquals(4, j.append(0, trade(3)));
            assertEquals(5, j.append(b, book(4, 1)));
            List<Entry> back = replayAll(j, 0);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), back.stream().map(Entry::sequence).toList());
            assertEquals(trade(3), back.get(3).event());
            assertEquals(book(4, 1), back.get(4).event());
        }
    }

    @Test
    void replayStartsAtTheGivenSequence() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
            int t = j.stream("trades", Trade.SCHEMA);
            for (int i = 0; i < 10; i++) {
                j.append(t, trade(i));
            }
            List<Entry> tail = replayAll(j, 8);
            assertEquals(List.of(8L, 9L, 10L), tail.stream().map(Entry::sequence).toList());
            assertEquals(trade(7), tail.get(0).event()); // sequence 8 is the 8th trade, i = 7
        }
    }

    @Test
    void acceptedEventsAreReadableBeforeCloseFromAnotherReader() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
            int t = j.stream("trades", Trade.SCHEMA);
            j.append(t, trade(0));
            j.append(t, trade(1));
            // the active segment is preallocated and zero-padded; a reader of the files sees both frames
            List<Entry> seen = readAll(JournalReader.open(dir, 0));
            assertEquals(List.of(trade(0), trade(1)), seen.stream().map(Entry::event).toList());
        }
    }

    @Test
    void everyFsyncPolicyRoundTrips() throws Exception {
        for (FsyncPolicy p : List.of(FsyncPolicy.EVERY_APPEND, FsyncPolicy.ON_FLUSH, FsyncPolicy.interval(Duration.ofMillis(5)))) {
            Path d = dir.resolve(p.mode().name());
            try (Journal j = Journal.open(d, p)) {
                int t = j.stream("trades", Trade.SCHEMA);
                for (int i = 0; i < 20; i++) {
                    j.append(t, trade(i));
                    if (i % 5 == 4) {
                        j.flush();
                    }
                }
                Thread.sleep(20); // let the interval flusher run at least once
            }
            try (Journal j = Journal.open(d, p)) {
                List<Entry> back = replayAll(j, 0);
                assertEquals(20, back.size(), p.toString());
                assertEquals(trade(19), back.get(19).event());
                assertEquals(21, j.nextSequence());
            }
        }
    }

    @Test
    void wrongSchemaOrUnknownStreamIsRejected() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
            int t = j.stream("trades", Trade.SCHEMA);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> j.append(t, book(0, 1)));
            assertTrue(e.getMessage().contains("'trades' takes trades events, got l2_book"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> j.append(7, trade(0)));
            e = assertThrows(IllegalArgumentException.class, () -> j.stream("trades", Schema.ofDoubles("other", "x")));
            assertTrue(e.getMessage().contains("'trades' has schema"), e.getMessage());
            assertEquals(1, j.nextSequence()); // nothing was consumed
        }
    }

    @Test
    void aSecondWriterIsKeptOut() throws Exception {
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER)) {
            JournalLockedException e = assertThrows(JournalLockedException.class, () -> Journal.open(dir, FsyncPolicy.NEVER));
            assertEquals("journal " + dir + " is in use by another recorder in this process: one recorder per store; stop it first or record "
                    + "into another storage folder", e.getMessage());
            assertEquals(dir, e.dir());
            // the holder's pid is in the lock file, for a recorder in another process to name
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(dir.resolve("journal.lock")));
        }
        Journal.open(dir, FsyncPolicy.NEVER).close(); // free again after close
        assertTrue(Files.exists(dir.resolve("journal.lock")));
    }
}
