package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;

/**
 * Binance USD-M futures' documented rules for a local book ("How to manage a local order book
 * correctly"), with {@code lastUpdateId} from the REST snapshot and {@code U}/{@code u}/{@code pu} the
 * first, last and previous-event last update id of a depth event
 * ({@link BookUpdate#firstSeq()}/{@link BookUpdate#lastSeq()}/{@link BookUpdate#prevSeq()}):
 * <ol>
 *   <li>before a snapshot every delta is {@link Verdict#BUFFER}ed;</li>
 *   <li>events with {@code u < lastUpdateId} are dropped ({@link Verdict#SKIP});</li>
 *   <li>the first applied event must have {@code U <= lastUpdateId} and {@code u >= lastUpdateId};
 *       one starting later means updates were missed ({@link Verdict#RESYNC});</li>
 *   <li>after it, each event's {@code pu} must equal the previous event's {@code u}, else
 *       {@link Verdict#RESYNC}. An event wholly at or before the last applied {@code u} (a duplicate)
 *       is {@link Verdict#SKIP}ped.</li>
 * </ol>
 * Futures update ids are not contiguous ({@code U} may be well past {@code pu + 1}); continuity is
 * {@code pu} alone. After a RESYNC the snapshot is forgotten and deltas are buffered until
 * {@link #onSnapshot}. One instance per symbol, one thread.
 */
public final class BinanceFuturesBookSync implements BookSync {
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
            if (last < snapshotId) {
                return Verdict.SKIP;
            }
            if (first <= snapshotId) { // and last >= snapshotId
                lastApplied = last;
                return Verdict.APPLY;
            }
            return resync();
        }
        if (delta.prevSeq() == lastApplied) {
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
