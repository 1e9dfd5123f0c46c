package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync.Verdict;

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
public final class BinanceFuturesBookSync extends BinanceBookSync {
    public BinanceFuturesBookSync() {
        super(0);
    }

    @Override
    boolean continues(BookUpdate delta, long lastApplied) {
        return delta.prevSeq() == lastApplied;
    }
}
