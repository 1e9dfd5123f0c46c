package io.featurizer.exchanges.okx;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OkxBookSyncTest {
    private final OkxBookSync sync = new OkxBookSync();

    private static BookUpdate snapshot(long seqId) {
        return new BookUpdate().reset(0, 0, true).sequence(seqId, seqId, -1).addBid(100, 1);
    }

    private static BookUpdate update(long prevSeqId, long seqId) {
        return new BookUpdate().reset(0, 0, false).sequence(seqId, seqId, prevSeqId).addBid(100, 2);
    }

    private static BookUpdate keepAlive(long seqId) {
        return new BookUpdate().reset(0, 0, false).sequence(seqId, seqId, seqId);
    }

    @Test
    void theDocumentedSequenceExample() {
        // OKX docs, "Sequence ID": snapshot (-1, 10), update (10, 15), no update (15, 15),
        // sequence reset (15, 3), normal update (3, 5).
        assertEquals(Verdict.BUFFER, sync.check(update(10, 15)));
        sync.onSnapshot(snapshot(10));
        assertEquals(Verdict.APPLY, sync.check(update(10, 15)));
        assertEquals(Verdict.SKIP, sync.check(keepAlive(15)));
        assertEquals(Verdict.APPLY, sync.check(update(15, 3)));
        assertEquals(Verdict.APPLY, sync.check(update(3, 5)));
        assertEquals(5, sync.lastSeqId());
    }

    @Test
    void keepAliveLeavesTheChainWhereItWas() {
        sync.onSnapshot(snapshot(100));
        assertEquals(Verdict.SKIP, sync.check(keepAlive(100)));
        assertEquals(Verdict.SKIP, sync.check(keepAlive(100)));
        assertEquals(Verdict.APPLY, sync.check(update(100, 107)));
    }

    @Test
    void updatesBeforeTheSnapshotAreBuffered() {
        assertEquals(Verdict.BUFFER, sync.check(update(1, 2)));
        assertEquals(Verdict.BUFFER, sync.check(keepAlive(2)));
    }

    @Test
    void aDuplicateIsStale() {
        sync.onSnapshot(snapshot(10));
        assertEquals(Verdict.APPLY, sync.check(update(10, 13)));
        assertEquals(Verdict.APPLY, sync.check(update(13, 20)));
        assertEquals(Verdict.SKIP, sync.check(update(13, 20)));
        assertEquals(Verdict.SKIP, sync.check(update(10, 13)));
        assertEquals(Verdict.APPLY, sync.check(update(20, 21)));
    }

    @Test
    void aGapResyncsAndBuffersUntilTheNextSnapshot() {
        sync.onSnapshot(snapshot(10));
        assertEquals(Verdict.APPLY, sync.check(update(10, 12)));
        assertEquals(Verdict.RESYNC, sync.check(update(14, 16))); // 12 -> 14 lost
        assertEquals(Verdict.BUFFER, sync.check(update(16, 18)));
        assertEquals(Verdict.BUFFER, sync.check(update(18, 21)));
        sync.onSnapshot(snapshot(18));
        // the connector replays its buffer: what the snapshot covers is stale, the rest continues it
        assertEquals(Verdict.SKIP, sync.check(update(16, 18)));
        assertEquals(Verdict.APPLY, sync.check(update(18, 21)));
        assertEquals(Verdict.APPLY, sync.check(update(21, 22)));
    }

    @Test
    void theFirstUpdateMayStraddleARestSnapshot() {
        sync.onSnapshot(snapshot(100));
        assertEquals(Verdict.SKIP, sync.check(update(90, 95))); // entirely before the snapshot
        assertEquals(Verdict.APPLY, sync.check(update(95, 104))); // 95 <= 100 < 104
        assertEquals(Verdict.SKIP, sync.check(update(97, 110))); // only the first update may straddle
        assertEquals(Verdict.APPLY, sync.check(update(104, 110)));
    }

    @Test
    void aSnapshotGivenToCheckRestartsTheChain() {
        sync.onSnapshot(snapshot(10));
        assertEquals(Verdict.RESYNC, sync.check(update(11, 12)));
        assertEquals(Verdict.APPLY, sync.check(snapshot(50)));
        assertEquals(Verdict.APPLY, sync.check(update(50, 51)));
    }

    @Test
    void resetForgetsTheBook() {
        sync.onSnapshot(snapshot(10));
        sync.reset();
        assertEquals(Verdict.BUFFER, sync.check(update(10, 11)));
    }
}
