package io.featurizer.exchanges.okx;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;

/**
 * OKX's {@code books} sequencing, by identity rather than arithmetic: every push names the
 * {@code seqId} of the push before it ({@code prevSeqId}), and ids jump by arbitrary steps. Reads
 * {@link BookUpdate#lastSeq()} as {@code seqId} and {@link BookUpdate#prevSeq()} as {@code prevSeqId}.
 *
 * <ul>
 *   <li>No snapshot yet (or since a resync): {@link Verdict#BUFFER}.</li>
 *   <li>{@code prevSeqId == last seqId}: the push continues the book, {@link Verdict#APPLY}, and its
 *       {@code seqId} becomes the last. This includes OKX's documented sequence reset after
 *       maintenance, an update whose {@code seqId} is smaller than its {@code prevSeqId}.</li>
 *   <li>{@code prevSeqId == seqId == last seqId}: OKX's keep-alive push with empty {@code asks} and
 *       {@code bids} after about 60 s without changes: {@link Verdict#SKIP}; the chain continues
 *       unchanged (the book is unchanged, so its checksum still holds).</li>
 *   <li>{@code prevSeqId < last seqId}: a push the book already covers (a duplicate), {@link Verdict#SKIP}.
 *       For the first push after a snapshot, {@code prevSeqId < snapshot seqId < seqId} is instead
 *       {@link Verdict#APPLY}: the push straddles the snapshot, as OKX's procedure for a REST snapshot
 *       allows (a WebSocket snapshot is always followed by {@code prevSeqId == snapshot seqId}).</li>
 *   <li>{@code prevSeqId > last seqId}: pushes were lost, {@link Verdict#RESYNC}; until the next
 *       {@link #onSnapshot} every push is {@link Verdict#BUFFER}ed.</li>
 * </ul>
 * A snapshot handed to {@link #check} is taken as {@link #onSnapshot} and {@link Verdict#APPLY}.
 */
public final class OkxBookSync implements BookSync {
    private boolean synced;
    private boolean firstAfterSnapshot;
    private long last;

    @Override
    public void onSnapshot(BookUpdate snapshot) {
        synced = true;
        firstAfterSnapshot = true;
        last = snapshot.lastSeq();
    }

    @Override
    public Verdict check(BookUpdate delta) {
        if (delta.isSnapshot()) {
            onSnapshot(delta);
            return Verdict.APPLY;
        }
        if (!synced) {
            return Verdict.BUFFER;
        }
        long prev = delta.prevSeq();
        long seq = delta.lastSeq();
        if (prev == last) {
            if (seq == prev) {
                return Verdict.SKIP; // keep-alive: no change, same place in the chain
            }
            last = seq;
            firstAfterSnapshot = false;
            return Verdict.APPLY;
        }
        if (prev < last) {
            if (firstAfterSnapshot && seq > last) {
                last = seq;
                firstAfterSnapshot = false;
                return Verdict.APPLY;
            }
            return Verdict.SKIP;
        }
        synced = false;
        return Verdict.RESYNC;
    }

    @Override
    public void reset() {
        synced = false;
        firstAfterSnapshot = false;
        last = 0;
    }

    /** The {@code seqId} the next push must name as its {@code prevSeqId} (for diagnostics). */
    public long lastSeqId() {
        return last;
    }

    public boolean isSynced() {
        return synced;
    }
}
