package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;

/**
 * Bybit's book rule for one {@code orderbook.{depth}.{symbol}} stream: the update id {@code u}
 * ({@link BookUpdate#lastSeq()}) of each delta is the previous message's {@code u} + 1.
 * <ul>
 *     <li>a snapshot (sent after subscribing, when Bybit resends one, and with {@code u = 1} after a
 *     service restart) always resets: the next delta must be its {@code u} + 1;</li>
 *     <li>a delta with {@code u == last + 1}: {@link Verdict#APPLY} (and it becomes {@code last});</li>
 *     <li>{@code u <= last}: a duplicate or a message the snapshot already covers, {@link Verdict#SKIP};</li>
 *     <li>{@code u > last + 1}: a gap, {@link Verdict#RESYNC}; the book is then unsynced until the next
 *     snapshot, so the deltas after the gap are {@link Verdict#BUFFER} rather than a RESYNC each;</li>
 *     <li>a delta before any snapshot (just subscribed, or after {@link #reset()} / a RESYNC):
 *     {@link Verdict#BUFFER}. Bybit sends the snapshot first after every (re)subscription, so
 *     buffered deltas are judged again once it arrives: those it covers are skipped, the one that
 *     follows it applies, and one beyond it is a gap. The connector's resubscription (after a RESYNC)
 *     is what brings the snapshot.</li>
 * </ul>
 * The cross sequence {@code seq} is not used: it is shared across symbols' matching engines and
 * not contiguous per topic.
 */
public final class BybitBookSync implements BookSync {
    private boolean synced;
    private long lastU = -1;

    @Override
    public void onSnapshot(BookUpdate snapshot) {
        lastU = snapshot.lastSeq();
        synced = true;
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
        long u = delta.lastSeq();
        if (u == lastU + 1) {
            lastU = u;
            return Verdict.APPLY;
        }
        if (u <= lastU) {
            return Verdict.SKIP;
        }
        synced = false;
        return Verdict.RESYNC;
    }

    @Override
    public void reset() {
        synced = false;
        lastU = -1;
    }

    /** True after a snapshot and until a gap or {@link #reset()}. */
    public boolean isSynced() {
        return synced;
    }

    /** The {@code u} of the last snapshot or applied delta, -1 before any. */
    public long lastUpdateId() {
        return lastU;
    }

    @Override
    public String toString() {
        return "BybitBookSync[" + (synced ? "synced at u=" + lastU : "awaiting snapshot") + "]";
    }
}
