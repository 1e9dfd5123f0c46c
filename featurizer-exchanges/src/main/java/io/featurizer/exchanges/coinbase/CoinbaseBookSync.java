package io.featurizer.exchanges.coinbase;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;

/**
 * Coinbase's book sequencing for one product, on the chain {@link CoinbaseDecoder} stamps: every
 * {@code l2_data} message has {@code firstSeq = lastSeq = sequence_num}, and {@code prevSeq} = the
 * {@code sequence_num} of the product's previous book message when no connection message was lost in
 * between, else -1.
 * <ul>
 *   <li>No snapshot yet (or since the last RESYNC): {@link Verdict#BUFFER}.</li>
 *   <li>{@code prevSeq} equals the {@code lastSeq} accepted last: {@link Verdict#APPLY} (and it becomes
 *       the last accepted).</li>
 *   <li>{@code lastSeq} not above the last accepted: {@link Verdict#SKIP} (a delta buffered before the
 *       snapshot that now covers it, or a repeat).</li>
 *   <li>Otherwise the chain broke (messages were lost somewhere on the connection):
 *       {@link Verdict#RESYNC}; further deltas answer BUFFER until the next snapshot (Coinbase sends one
 *       when the product's {@code level2} subscription is renewed, see
 *       {@link CoinbaseProtocol#resnapshotFrames}).</li>
 * </ul>
 * One instance per product, one thread.
 */
public final class CoinbaseBookSync implements BookSync {
    private boolean synced;
    private long lastSeq = -1;

    @Override
    public void onSnapshot(BookUpdate snapshot) {
        synced = true;
        lastSeq = snapshot.lastSeq();
    }

    @Override
    public Verdict check(BookUpdate delta) {
        if (!synced) {
            return Verdict.BUFFER;
        }
        if (delta.prevSeq() >= 0 && delta.prevSeq() == lastSeq) {
            lastSeq = Math.max(lastSeq, delta.lastSeq());
            return Verdict.APPLY;
        }
        if (delta.lastSeq() <= lastSeq) {
            return Verdict.SKIP;
        }
        synced = false;
        return Verdict.RESYNC;
    }

    @Override
    public void reset() {
        synced = false;
        lastSeq = -1;
    }

    /** The sequence_num of the last book message accepted, or -1. */
    public long lastSequence() {
        return lastSeq;
    }
}
