package io.featurizer.serve;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small hand-made market recorded into a real store through the real {@link Recorder}, with the values its
 * two features must take worked out naively here (the reference the point-in-time tests compare with):
 * <ul>
 *   <li>books: full snapshots at irregular whole seconds over 20 minutes; the top moves by a whole tick or stays
 *       put (then {@code mid} has no output: it is emitted on change only);</li>
 *   <li>trades: at half seconds in minutes 0-4 and 14-15 only, so from minute 5 to 14 the last trade (and the
 *       last {@code tvi} output) lies far behind; {@code tvi} = 2 (B - S) / (B + S) over the notionals bought
 *       and sold in the 1 minute window {@code [t - 60 s, t]} (docs/definitions.md).</li>
 * </ul>
 * Receipt time = exchange time + 1 ms.
 */
final class StoredMarket {
    static final long T0 = 1_675_245_600_000_000_000L; // 2023-02-01T10:00:00Z
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final String SYMBOL = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";
    static final String CONFIG = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                params: {data_source: [%1$s]}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                params: {data_source: [%1$s], feature: {0: {window: 1m}}}
            """.formatted(SYMBOL);

    /** One output a feature must have: its exchange time and value. */
    record Output(long ts, double value) {
    }

    final List<Output> mids = new ArrayList<>();
    final List<Output> tvis = new ArrayList<>();
    final List<Long> bookTimes = new ArrayList<>();
    final List<Long> tradeTimes = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    static FeaturizerConfig config() {
        return FeaturizerConfig.parse(CONFIG, "pit.yaml");
    }

    /** Records the market into {@code storage} and fills in the expected outputs. */
    static StoredMarket record(Storage storage, Path journal, long seed) {
        StoredMarket m = new StoredMarket();
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        Random random = new Random(seed);
        record Input(long ts, BookUpdate book, Trade trade) {
        }
        List<Input> inputs = new ArrayList<>();
        double bid = 100, ask = 102;
        int seq = 0;
        for (long t = T0 + 3 * S; t <= T0 + 1200 * S; t += (1 + random.nextInt(20)) * S) {
            if (seq > 0 && random.nextInt(4) > 0) { // else the same top again
                int move = random.nextInt(4) - 2;
                move = move >= 0 ? move + 1 : move; // -2, -1, 1, 2
                bid += move;
                ask += move;
            }
            BookUpdate u = new BookUpdate().reset(t, t + MS, true).sequence(seq, seq, seq - 1).addBid(bid, 1 + random.nextInt(3)).addAsk(ask, 1);
            seq++;
            inputs.add(new Input(t, u, null));
            m.bookTimes.add(t);
            double mid = (bid + ask) / 2;
            if (m.mids.isEmpty() || m.mids.get(m.mids.size() - 1).value() != mid) {
                m.mids.add(new Output(t, mid));
            }
        }
        long id = 0;
        List<Trade> window = new ArrayList<>();
        for (long second = 0; second < 960; second++) {
            boolean active = second < 300 || second >= 840;
            if (!active || random.nextInt(3) != 0) {
                continue;
            }
            long t = T0 + second * S + 500 * MS;
            int side = random.nextBoolean() ? Side.BUY : Side.SELL;
            Trade trade = new Trade().set(t, t + MS, side, 100 + random.nextInt(5), 1 + random.nextInt(4), ++id);
            inputs.add(new Input(t, null, trade));
            m.tradeTimes.add(t);
            window.add(trade);
            double bought = 0, sold = 0;
            for (Trade w : window) {
                if (w.ts() >= t - 60 * S) {
                    if (w.side() == Side.BUY) {
                        bought += w.price() * w.amount();
                    } else {
                        sold += w.price() * w.amount();
                    }
                }
            }
            m.tvis.add(new Output(t, 2 * (bought - sold) / (bought + sold)));
        }
        inputs.sort((a, b) -> Long.compare(a.ts(), b.ts())); // books at whole seconds, trades at half: no ties
        try (Recorder r = Recorder.open(storage, journal, FsyncPolicy.NEVER, new CountBasedCompactor(25))) {
            for (Input in : inputs) {
                if (in.book() != null) {
                    r.callback(book).onEvent(book, in.book());
                } else {
                    r.callback(trades).onEvent(trades, in.trade());
                }
                m.first = Math.min(m.first, in.ts());
                m.last = Math.max(m.last, in.ts());
            }
        }
        return m;
    }

    /** The naive answer: the last of {@code outputs} timed at or before {@code at}, or null. */
    static Output lastAtOrBefore(List<Output> outputs, long at) {
        Output found = null;
        for (Output o : outputs) {
            if (o.ts() <= at) {
                found = o;
            }
        }
        return found;
    }
}
