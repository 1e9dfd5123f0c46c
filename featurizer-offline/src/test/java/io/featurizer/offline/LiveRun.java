package io.featurizer.offline;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The live side of the parity tests, without sockets: the synthetic market's book and trade events go,
 * one by one, first to a {@link Recorder} callback and then into a graph, as the live emitter's delivery
 * thread does. Keeps copies of every combined vector and every per-feature output.
 *
 * <p>Trades get a receipt time {@code tradeReceiptShift} ns earlier than the market's, as frames read on
 * another socket thread can: their receipt times then tie or invert with the book's around them, so only
 * the recorded ingestion sequence still tells the order the graph saw.
 */
final class LiveRun {
    static final String SYMBOL_PARAMS = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";
    /** Mid price, spread, 1-minute volatility and TVI over the book and trades of one symbol. */
    static final FeaturizerConfig CONFIG = FeaturizerConfig.parse("""
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid_price
                params:
                  data_source: [%1$s]
              - feature_definition: spread.relative_bid_ask_spread_fd
                name: spread
                params:
                  data_source: [%1$s]
              - feature_definition: volatility.volatility_stddev_fd
                name: volatility_1m
                params:
                  data_source: [%1$s]
                  feature: {0: {window: 1m}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi_1m
                params:
                  data_source: [%1$s]
                  feature: {0: {window: 1m}}
            """.formatted(SYMBOL_PARAMS), "parity.yaml");

    final List<GroupedNamedDataEvent> vectors = new ArrayList<>();
    final Map<Feature, List<Event>> outputs = new LinkedHashMap<>();
    final List<Event> inputs = new ArrayList<>(); // copies, in the order the graph saw them
    long firstTs;
    long lastTs;

    private LiveRun() {
    }

    /** Records {@code seconds} of market time into {@code storage} while the graph computes live. */
    static LiveRun record(Storage storage, Path journal, FeaturizerConfig config, long seed, int seconds, long tradeReceiptShift) {
        LiveRun run = new LiveRun();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(g -> run.vectors.add(g.copy())).build();
        for (Feature f : graph.getOuts()) {
            List<Event> out = new ArrayList<>();
            run.outputs.put(f, out);
            graph.addCallback(f, (feature, e) -> out.add(e.copy()));
        }
        Feature book = graph.getIns().stream().filter(f -> f.definition().name().equals("l2_book")).findFirst().orElseThrow();
        Feature trades = graph.getIns().stream().filter(f -> f.definition().name().equals("trades")).findFirst().orElseThrow();
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(seed).withRates(400, 80, 0));
        long end = market.config().startNanos() + seconds * 1_000_000_000L;
        Trade shifted = new Trade();
        try (Recorder recorder = Recorder.open(storage, journal, FsyncPolicy.NEVER, new CountBasedCompactor(3_000))) {
            DataSourceCallback recordBook = recorder.callback(book);
            DataSourceCallback recordTrade = recorder.callback(trades);
            int bookIndex = graph.sourceIndex(book), tradeIndex = graph.sourceIndex(trades);
            run.firstTs = Long.MIN_VALUE;
            while (true) {
                SyntheticMarket.Channel c = market.next();
                Event e = market.event();
                if (e.ts() > end) {
                    break;
                }
                if (run.firstTs == Long.MIN_VALUE) {
                    run.firstTs = e.ts();
                }
                run.lastTs = e.ts();
                switch (c) {
                    case L2_BOOK -> {
                        recordBook.onEvent(book, e);
                        graph.emit(bookIndex, e);
                    }
                    case TRADES -> {
                        shifted.copyFrom(e);
                        shifted.setTimes(e.ts(), e.receiptTs() - tradeReceiptShift);
                        recordTrade.onEvent(trades, shifted);
                        graph.emit(tradeIndex, shifted);
                        e = shifted;
                    }
                    default -> {
                        continue;
                    }
                }
                run.inputs.add(e.copy());
            }
            assertEquals(run.inputs.size(), recorder.accepted(), "every input recorded");
        }
        return run;
    }

    /** Equal lists, reporting the first difference (not the whole lists). */
    static <T> void assertSameSequence(List<T> expected, List<T> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError(what + ": first difference at " + i + " of " + expected.size() + "\nexpected " + expected.get(i)
                        + "\nactual   " + actual.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": count");
    }
}
