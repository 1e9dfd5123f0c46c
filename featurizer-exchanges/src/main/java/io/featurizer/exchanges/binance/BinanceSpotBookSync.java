package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync.Verdict;

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
public final class BinanceSpotBookSync extends BinanceBookSync {
    public BinanceSpotBookSync() {
        super(1);
    }

    @Override
    boolean continues(BookUpdate delta, long lastApplied) {
        return delta.firstSeq() == lastApplied + 1;
    }
}
