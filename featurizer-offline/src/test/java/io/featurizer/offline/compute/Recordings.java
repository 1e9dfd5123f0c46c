package io.featurizer.offline.compute;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test storage: a recorded synthetic market, or hand-made events, through the real {@link Recorder}. */
final class Recordings {
    static final String SYMBOL = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";
    static final Feature BOOK = Features.l2Book("BINANCE", "spot", "BTC-USDT");
    static final Feature TRADES = Features.trades("BINANCE", "spot", "BTC-USDT");

    private Recordings() {
    }

    /** The span recorded: first and last event time. */
    record Span(long first, long last) {
    }

    /**
     * Records {@code seconds} of the synthetic market's book and trades. Trades get a receipt time
     * {@code tradeReceiptShift} ns earlier, so receipt times tie and invert across the two sources.
     */
    static Span syntheticMarket(Storage storage, Path journal, long seed, int seconds, double bookRate, double tradeRate,
                                long tradeReceiptShift, int eventsPerBlock) {
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(seed).withRates(bookRate, tradeRate, 0));
        long end = market.config().startNanos() + seconds * 1_000_000_000L;
        long first = Long.MIN_VALUE, last = Long.MIN_VALUE;
        Trade shifted = new Trade();
        try (Recorder recorder = Recorder.open(storage, journal, FsyncPolicy.NEVER, new CountBasedCompactor(eventsPerBlock))) {
            DataSourceCallback book = recorder.callback(BOOK);
            DataSourceCallback trades = recorder.callback(TRADES);
            while (true) {
                SyntheticMarket.Channel c = market.next();
                Event e = market.event();
                if (e.ts() > end) {
                    break;
                }
                if (c == SyntheticMarket.Channel.L2_BOOK) {
                    book.onEvent(BOOK, e);
                } else if (c == SyntheticMarket.Channel.TRADES) {
                    shifted.copyFrom(e);
                    shifted.setTimes(e.ts(), e.receiptTs() - tradeReceiptShift);
                    trades.onEvent(TRADES, shifted);
                } else {
                    continue;
                }
                first = first == Long.MIN_VALUE ? e.ts() : first;
                last = e.ts();
            }
        }
        return new Span(first, last);
    }

    /** Records hand-made events, each for its source, in the order given. */
    static void events(Storage storage, Path journal, List<Map.Entry<Feature, Event>> events) {
        try (Recorder recorder = Recorder.open(storage, journal, FsyncPolicy.NEVER, new CountBasedCompactor(1_000))) {
            for (Map.Entry<Feature, Event> e : events) {
                recorder.callback(e.getKey()).onEvent(e.getKey(), e.getValue());
            }
        }
    }
}
