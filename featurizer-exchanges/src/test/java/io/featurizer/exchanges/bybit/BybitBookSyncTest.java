package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bybit's rule, message by message: each delta's u is the previous u + 1; a snapshot resets. */
class BybitBookSyncTest {
    private final BybitBookSync sync = new BybitBookSync();

    private static BookUpdate snapshot(long u) {
        return new BookUpdate().reset(0, 0, true).sequence(u, u, -1).addBid(100, 1).addAsk(101, 1);
    }

    private static BookUpdate delta(long u) {
        return new BookUpdate().reset(0, 0, false).sequence(u, u, -1).addBid(100, 2);
    }

    @Test
    void consecutiveDeltasApply() {
        sync.onSnapshot(snapshot(1000));
        assertEquals(Verdict.APPLY, sync.check(delta(1001)));
        assertEquals(Verdict.APPLY, sync.check(delta(1002)));
        assertEquals(Verdict.APPLY, sync.check(delta(1003)));
        assertEquals(1003, sync.lastUpdateId());
    }

    @Test
    void coveredOrRepeatedDeltasAreSkipped() {
        sync.onSnapshot(snapshot(1000));
        assertEquals(Verdict.SKIP, sync.check(delta(999)));
        assertEquals(Verdict.SKIP, sync.check(delta(1000)));
        assertEquals(Verdict.APPLY, sync.check(delta(1001)));
        assertEquals(Verdict.SKIP, sync.check(delta(1001))); // a duplicate
        assertEquals(Verdict.APPLY, sync.check(delta(1002)));
    }

    @Test
    void aGapResyncsAndThenBuffersUntilTheNextSnapshot() {
        sync.onSnapshot(snapshot(1000));
        assertEquals(Verdict.APPLY, sync.check(delta(1001)));
        assertEquals(Verdict.RESYNC, sync.check(delta(1003))); // 1002 is missing
        assertFalse(sync.isSynced());
        assertEquals(Verdict.BUFFER, sync.check(delta(1004)));
        assertEquals(Verdict.BUFFER, sync.check(delta(1005)));
        sync.onSnapshot(snapshot(1004)); // the resubscription's snapshot
        // the buffered deltas, judged again
        assertEquals(Verdict.SKIP, sync.check(delta(1004)));
        assertEquals(Verdict.APPLY, sync.check(delta(1005)));
        assertEquals(Verdict.APPLY, sync.check(delta(1006)));
    }

    @Test
    void deltasBeforeAnySnapshotAreBuffered() {
        assertEquals(Verdict.BUFFER, sync.check(delta(5)));
        assertEquals(Verdict.BUFFER, sync.check(delta(6)));
        sync.onSnapshot(snapshot(5));
        assertEquals(Verdict.SKIP, sync.check(delta(5)));
        assertEquals(Verdict.APPLY, sync.check(delta(6)));
    }

    @Test
    void aBufferedDeltaBeyondTheSnapshotIsAGap() {
        assertEquals(Verdict.BUFFER, sync.check(delta(9)));
        sync.onSnapshot(snapshot(5));
        assertEquals(Verdict.RESYNC, sync.check(delta(9)));
    }

    @Test
    void restartSnapshotWithUOneResets() {
        sync.onSnapshot(snapshot(123_456_789));
        assertEquals(Verdict.APPLY, sync.check(delta(123_456_790)));
        sync.onSnapshot(snapshot(1)); // "if you receive u=1 it is a snapshot after service restart"
        assertTrue(sync.isSynced());
        assertEquals(Verdict.APPLY, sync.check(delta(2)));
        assertEquals(Verdict.APPLY, sync.check(delta(3)));
        assertEquals(Verdict.SKIP, sync.check(delta(3)));
    }

    @Test
    void aSnapshotGivenToCheckAlsoResets() {
        sync.onSnapshot(snapshot(50));
        assertEquals(Verdict.APPLY, sync.check(snapshot(10)));
        assertEquals(Verdict.APPLY, sync.check(delta(11)));
    }

    @Test
    void resetForgetsTheSnapshot() {
        sync.onSnapshot(snapshot(1000));
        sync.reset();
        assertEquals(Verdict.BUFFER, sync.check(delta(1001)));
        assertEquals(-1, sync.lastUpdateId());
    }
}
