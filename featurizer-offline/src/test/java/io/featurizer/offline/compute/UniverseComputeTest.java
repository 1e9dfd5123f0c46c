package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.offline.StoredSymbols;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch compute over a universe: 4 symbols × 3 minutes of stored synthetic markets, the universe's features
 * computed together in parallel chunks give, for every symbol, the table of that symbol computed alone on one
 * thread (same rows, same values, bit for bit). {@code symbols: '*'} lists what storage holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UniverseComputeTest {
    static final List<String> SYMBOLS = List.of("ADA-USDT", "BTC-USDT", "ETH-USDT", "SOL-USDT");
    static final String FEATURES = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                for_each: universe
                params: {feature: {1: {depth: 5}}}
              - feature_definition: volatility.volatility_stddev_fd
                name: vol
                for_each: universe
                params: {feature: {0: {window: 20s}, 2: {depth: 5}}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                for_each: universe
                params: {window: 20s}
            """;

    Storage storage;

    @BeforeAll
    void record(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        List<SyntheticMarket> markets = new ArrayList<>();
        List<DataSourceCallback> books = new ArrayList<>();
        List<DataSourceCallback> trades = new ArrayList<>();
        try (Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(5_000))) {
            for (int s = 0; s < SYMBOLS.size(); s++) {
                SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(10 + s).withRates(200, 40, 0));
                m.next();
                markets.add(m);
                books.add(recorder.callback(book(SYMBOLS.get(s))));
                trades.add(recorder.callback(trades(SYMBOLS.get(s))));
            }
            long end = markets.get(0).config().startNanos() + 180_000_000_000L;
            while (true) { // the symbols' markets merged by receipt time, as one recorder would receive them live
                int next = 0;
                for (int s = 1; s < markets.size(); s++) {
                    if (markets.get(s).event().receiptTs() < markets.get(next).event().receiptTs()) {
                        next = s;
                    }
                }
                SyntheticMarket m = markets.get(next);
                if (m.event().ts() > end) {
                    break;
                }
                String symbol = SYMBOLS.get(next);
                if (m.channel() == SyntheticMarket.Channel.L2_BOOK) {
                    books.get(next).onEvent(book(symbol), m.event());
                } else if (m.channel() == SyntheticMarket.Channel.TRADES) {
                    trades.get(next).onEvent(trades(symbol), m.event());
                }
                m.next();
            }
        }
    }

    @AfterAll
    void close() {
        storage.close();
    }

    static Feature book(String symbol) {
        return Features.l2Book("BINANCE", "spot", symbol);
    }

    static Feature trades(String symbol) {
        return Features.trades("BINANCE", "spot", symbol);
    }

    FeaturizerConfig universe() {
        return FeaturizerConfig.parse("universe: {exchange: BINANCE, instrument_type: spot, symbols: '*'}\n" + FEATURES, "universe.yaml",
                new StoredSymbols(storage.catalog(), "test storage"));
    }

    @Test
    void starListsWhatStorageHolds() {
        assertEquals(SYMBOLS, universe().universes().get(0).symbols());
        assertEquals(12, universe().features().size());
    }

    @Test
    void eachSymbolComputedAmongAllInParallelEqualsItComputedAlone() {
        List<Feature> all = universe().features();
        for (String symbol : SYMBOLS) {
            // rows at this symbol's mid: the table's columns of this symbol are comparable row for row
            List<Feature> mineFirst = new ArrayList<>();
            all.stream().filter(f -> f.name().endsWith("." + symbol)).forEach(mineFirst::add);
            all.stream().filter(f -> !f.name().endsWith("." + symbol)).forEach(mineFirst::add);
            ComputeResult together = BatchCompute.of(storage, mineFirst).parallelism(2).chunkNanos(40_000_000_000L).useStored(false)
                    .run(Long.MIN_VALUE, Long.MAX_VALUE);
            assertTrue(together.report().chunks() >= 4, "chunked: " + together.report().chunks());
            assertEquals(2, together.report().threads());

            String ds = "data_source: [{exchange: BINANCE, instrument_type: spot, symbol: " + symbol + "}]";
            String single = """
                    feature_configs:
                      - feature_definition: price.mid_price_fd
                        name: mid.%1$s
                        params: {%2$s, feature: {1: {depth: 5}}}
                      - feature_definition: volatility.volatility_stddev_fd
                        name: vol.%1$s
                        params: {%2$s, feature: {0: {window: 20s}, 2: {depth: 5}}}
                      - feature_definition: tvi.trade_volume_imb_fd
                        name: tvi.%1$s
                        params: {%2$s, feature: {0: {window: 20s}}}
                    """.formatted(symbol, ds);
            List<Feature> alone = FeaturizerConfig.parse(single, symbol + ".yaml").features();
            FeatureTable one = BatchCompute.of(storage, alone).parallelism(1).useStored(false).run(Long.MIN_VALUE, Long.MAX_VALUE).table();
            FeatureTable t = together.table();

            assertEquals(one.rowCount(), t.rowCount(), symbol);
            assertTrue(one.rowCount() > 1000, symbol + " rows " + one.rowCount());
            for (String column : one.columnNames()) {
                int a = one.column(column);
                int b = t.column(column);
                for (int r = 0; r < one.rowCount(); r++) {
                    assertEquals(one.timestamp(r), t.timestamp(r));
                    assertEquals(one.isNull(r, a), t.isNull(r, b), column + " row " + r);
                    if (!one.isNull(r, a)) {
                        assertEquals(Double.doubleToLongBits(one.getDouble(r, a)), Double.doubleToLongBits(t.getDouble(r, b)), column + " row " + r);
                    }
                }
            }
        }
    }
}
