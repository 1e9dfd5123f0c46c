package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;

/**
 * The shape both Binance markets' book rules share: buffer until a REST snapshot, skip events the
 * snapshot covers, apply the first event that bridges it, then apply events that continue the last
 * applied one, skip duplicates and resync on anything else. The markets differ only in where the
 * bridge is ({@link #bridgeOffset}) and what "continues" means ({@link #continues}).
 */
abstract class BinanceBookSync implements BookSync {
    private static final long NONE = Long.MIN_VALUE;

    private final long bridgeOffset;
    private long snapshotId = NONE;
    private long lastApplied = NONE;

    /** @param bridgeOffset the first applied event must cover {@code lastUpdateId + bridgeOffset} */
    BinanceBookSync(long bridgeOffset) {
        this.bridgeOffset = bridgeOffset;
    }

    /** True when {@code delta} directly continues the event whose last id was {@code lastApplied}. */
    abstract boolean continues(BookUpdate delta, long lastApplied);

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
        long last = delta.lastSeq();
        if (lastApplied == NONE) {
            long bridge = snapshotId + bridgeOffset;
            if (last < bridge) {
                return Verdict.SKIP;
            }
            if (delta.firstSeq() <= bridge) { // and last >= bridge
                lastApplied = last;
                return Verdict.APPLY;
            }
            return resync();
        }
        if (continues(delta, lastApplied)) {
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
