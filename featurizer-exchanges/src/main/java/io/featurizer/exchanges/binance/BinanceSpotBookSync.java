package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;

/**
 * Binance spot's documented rules for a local book ("How to manage a local order book correctly"),
 * with {@code lastUpdateId} from the REST snapshot and {@code U}/{@code u} the first/last update id
 * of a depth event ({@link BookUpdate#firstSeq()}/{@link BookUpdate#lastSeq()}):
 * <ol>
 *   <li>before a snapshot every delta is {@link Verdict#BUFFER}ed;</li>
 *   <li>events with {@code u <= lastUpdateId} are dropped ({@link Verdict#SKIP});</li>
 *   <li>the first applied event must have {@code U <= lastUpdateId + 1} and {@code u >= lastUpdateId + 1};
 *       one starting later means updates were missed ({@link Verdict#RESYNC});</li>
 *   <li>after it, each event's {@code U} must be the previous event's {@code u + 1}, else
 *       {@link Verdict#RESYNC}. An event wholly at or before the last applied {@code u} (a duplicate)
 *       is {@link Verdict#SKIP}ped: everything in it is already in the book.</li>
 * </ol>
 * After a RESYNC the snapshot is forgotten, so later deltas are buffered until
 * {@link #onSnapshot}; keep the delta that caused the RESYNC in the buffer too, it may be the one
 * that bridges the next snapshot. One instance per symbol, one thread.
 */
public final class BinanceSpotBookSync implements BookSync {
    private static final long NONE = Long.MIN_VALUE;

    private long snapshotId = NONE;
    private long lastApplied = NONE;

    @Override
    public void onSnapshot(BookUpdate snapshot) {
        snapshotId = snapshot.lastSeq();
        lastApplied = NONE;
    }

    @Override
    public Verdict check(BookUpdate delta) {
        if (delta.isSnapshot()) {
            onSnapshot(delta);
            return Verdict.APPLY;
        }
        if (snapshotId == NONE) {
            return Verdict.BUFFER;
        }
        long first = delta.firstSeq();
        long last = delta.lastSeq();
        if (lastApplied == NONE) {
            if (last <= snapshotId) {
                return Verdict.SKIP;
            }
            if (first <= snapshotId + 1) { // and last >= snapshotId + 1
                lastApplied = last;
                return Verdict.APPLY;
            }
            return resync();
        }
        if (first == lastApplied + 1) {
            lastApplied = last;
            return Verdict.APPLY;
        }
        if (last <= lastApplied) {
            return Verdict.SKIP;
        }
        return resync();
    }

    private Verdict resync() {
        reset();
        return Verdict.RESYNC;
    }

    @Override
    public void reset() {
        snapshotId = NONE;
        lastApplied = NONE;
    }

    /** The {@code u} of the last applied event, else the snapshot's id, else -1. */
    public long lastUpdateId() {
        return lastApplied != NONE ? lastApplied : snapshotId != NONE ? snapshotId : -1;
    }
}
