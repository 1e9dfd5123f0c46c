package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.BookSync.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.featurizer.exchanges.protocol.BookSync.Verdict.APPLY;
import static io.featurizer.exchanges.protocol.BookSync.Verdict.BUFFER;
import static io.featurizer.exchanges.protocol.BookSync.Verdict.RESYNC;
import static io.featurizer.exchanges.protocol.BookSync.Verdict.SKIP;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The documented update-id rules, on hand-made id sequences. */
class BinanceBookSyncTest {
    static BookUpdate snapshot(long lastUpdateId) {
        return new BookUpdate().reset(0, 0, true).sequence(lastUpdateId, lastUpdateId, -1);
    }

    static BookUpdate delta(long first, long last) {
        return new BookUpdate().reset(0, 0, false).sequence(first, last, -1);
    }

    static BookUpdate delta(long first, long last, long prev) {
        return new BookUpdate().reset(0, 0, false).sequence(first, last, prev);
    }

    static void expect(Verdict v, BookSync sync, BookUpdate d) {
        assertEquals(v, sync.check(d), "U=" + d.firstSeq() + " u=" + d.lastSeq() + " pu=" + d.prevSeq());
    }

    @Nested
    class Spot {
        final BookSync sync = BinanceProtocol.spot().newBookSync();

        @Test
        void deltasBeforeTheSnapshotAreBuffered() {
            expect(BUFFER, sync, delta(90, 95));
            expect(BUFFER, sync, delta(96, 101));
        }

        @Test
        void staleEventsAreDroppedThenTheBridgingEventApplies() {
            sync.onSnapshot(snapshot(100));
            expect(SKIP, sync, delta(90, 95)); // u <= lastUpdateId
            expect(SKIP, sync, delta(96, 100)); // u == lastUpdateId: still covered by the snapshot
            expect(APPLY, sync, delta(99, 105)); // U <= 101 <= u
            expect(APPLY, sync, delta(106, 106)); // U == previous u + 1
            expect(APPLY, sync, delta(107, 120));
        }

        @Test
        void bridgingEventMayStartExactlyAfterTheSnapshot() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(101, 101));
            expect(APPLY, sync, delta(102, 104));
        }

        @Test
        void firstEventStartingPastTheSnapshotIsAGap() {
            sync.onSnapshot(snapshot(100));
            expect(RESYNC, sync, delta(102, 110)); // update 101 was missed
        }

        @Test
        void gapAfterSyncForcesResyncAndDeltasWaitForTheNextSnapshot() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(101, 105));
            expect(RESYNC, sync, delta(107, 110)); // 106 missing
            expect(BUFFER, sync, delta(111, 115));
            sync.onSnapshot(snapshot(112));
            expect(APPLY, sync, delta(111, 115));
        }

        @Test
        void overlapAfterSyncBreaksTheDocumentedChain() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(101, 105));
            expect(RESYNC, sync, delta(104, 108)); // U must be previous u + 1
        }

        @Test
        void duplicateOfAnAppliedEventIsSkipped() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(101, 105));
            expect(APPLY, sync, delta(106, 110));
            expect(SKIP, sync, delta(106, 110));
            expect(SKIP, sync, delta(101, 105));
            expect(APPLY, sync, delta(111, 111));
        }

        @Test
        void newSnapshotRestartsTheRules() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(101, 105));
            sync.onSnapshot(snapshot(200));
            expect(SKIP, sync, delta(106, 200));
            expect(APPLY, sync, delta(201, 203));
        }

        @Test
        void resetForgetsTheSnapshot() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(101, 105));
            sync.reset();
            expect(BUFFER, sync, delta(106, 110));
        }
    }

    @Nested
    class Futures {
        final BookSync sync = BinanceProtocol.futures().newBookSync();

        @Test
        void deltasBeforeTheSnapshotAreBuffered() {
            expect(BUFFER, sync, delta(90, 95, 80));
        }

        @Test
        void staleEventsAreDroppedThenTheEventSpanningTheSnapshotApplies() {
            sync.onSnapshot(snapshot(100));
            expect(SKIP, sync, delta(80, 90, 70)); // u < lastUpdateId
            expect(SKIP, sync, delta(93, 99, 90));
            expect(APPLY, sync, delta(97, 103, 99)); // U <= 100 <= u
            expect(APPLY, sync, delta(110, 118, 103)); // pu == previous u; futures ids may jump
            expect(APPLY, sync, delta(119, 119, 118));
        }

        @Test
        void eventEndingExactlyAtTheSnapshotIsTheFirstOne() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(95, 100, 90)); // u == lastUpdateId is not dropped on futures
            expect(APPLY, sync, delta(104, 108, 100));
        }

        @Test
        void firstEventStartingPastTheSnapshotIsAGap() {
            sync.onSnapshot(snapshot(100));
            expect(RESYNC, sync, delta(101, 105, 100)); // the documented rule wants U <= lastUpdateId
        }

        @Test
        void brokenPreviousIdForcesResync() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(97, 103, 99));
            expect(RESYNC, sync, delta(110, 118, 105)); // pu != 103
            expect(BUFFER, sync, delta(119, 120, 118));
        }

        @Test
        void duplicateOfAnAppliedEventIsSkipped() {
            sync.onSnapshot(snapshot(100));
            expect(APPLY, sync, delta(97, 103, 99));
            expect(APPLY, sync, delta(110, 118, 103));
            expect(SKIP, sync, delta(110, 118, 103));
            expect(APPLY, sync, delta(120, 121, 118));
        }

        @Test
        void resetForgetsTheSnapshot() {
            sync.onSnapshot(snapshot(100));
            sync.reset();
            expect(BUFFER, sync, delta(97, 103, 99));
        }
    }
}
