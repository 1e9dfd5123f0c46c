package io.featurizer.bench;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.CombinedOutputCallback;
import io.featurizer.core.graph.FeatureStreamGraph;

import java.util.List;
import java.util.Map;

/**
 * The benchmarks' standard feature set on one symbol (BINANCE spot BTC-USDT):
 * <pre>
 * l2_book ─┬─ l2_snapshot_fd(depth 5, raw) ─┬─ mid_price_fd ── volatility_stddev_fd(1m)
 *          │                                └─ relative_bid_ask_spread_fd
 *          └─ l2_snapshot_fd(depth 25, raw)
 * trades ──┬─ trade_volume_imb_fd(1m)
 *          └─ ohlcv_fd(1m)
 * </pre>
 * The seven features (both snapshots, mid, spread, volatility, TVI, OHLCV) are the graph's outputs,
 * combined into one vector per input that changed at least one of them. Tickers are not an input.
 */
public final class StandardFeatureSet {
    public static final String EXCHANGE = "BINANCE";
    public static final String INSTRUMENT_TYPE = "spot";
    public static final String SYMBOL = "BTC-USDT";

    /** Output indices in {@link #outputs()} (and so in the combined vector). */
    public static final int BOOK5 = 0, BOOK25 = 1, MID = 2, SPREAD = 3, VOLATILITY = 4, TVI = 5, OHLCV = 6;

    private final Feature l2Book;
    private final Feature trades;
    private final Feature book5;
    private final Feature book25;
    private final Feature mid;
    private final Feature spread;
    private final Feature volatility;
    private final Feature tvi;
    private final Feature ohlcv;
    private final List<Feature> outputs;

    public StandardFeatureSet() {
        this(EXCHANGE, INSTRUMENT_TYPE, SYMBOL);
    }

    /** The standard set on another venue or symbol. */
    public StandardFeatureSet(String exchange, String instrumentType, String symbol) {
        l2Book = Features.l2Book(exchange, instrumentType, symbol);
        trades = Features.trades(exchange, instrumentType, symbol);
        book5 = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5, "sampling", "raw"), l2Book).named("book5");
        book25 = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 25, "sampling", "raw"), l2Book).named("book25");
        mid = Features.feature("price.mid_price_fd", Map.of(), book5).named("mid");
        spread = Features.feature("spread.relative_bid_ask_spread_fd", Map.of(), book5).named("spread");
        volatility = Features.feature("volatility.volatility_stddev_fd", Map.of("window", "1m"), mid).named("vol_1m");
        tvi = Features.feature("tvi.trade_volume_imb_fd", Map.of("window", "1m"), trades).named("tvi_1m");
        ohlcv = Features.feature("ohlcv.ohlcv_fd", Map.of("window", "1m"), trades).named("ohlcv_1m");
        outputs = List.of(book5, book25, mid, spread, volatility, tvi, ohlcv);
    }

    /** The seven output features, in the order of the index constants. */
    public List<Feature> outputs() {
        return outputs;
    }

    public Feature l2Book() {
        return l2Book;
    }

    public Feature trades() {
        return trades;
    }

    /** A graph over the outputs with combined outputs delivered to {@code callback}. */
    public FeatureStreamGraph newGraph(CombinedOutputCallback callback) {
        return FeatureStreamGraph.builder(outputs).combineOutputs(callback).build();
    }

    /**
     * A cheap combined-output callback: counts vectors and sums the mid price of each into a field,
     * so the JIT cannot drop the work, without allocating.
     */
    public static final class VectorSink implements CombinedOutputCallback {
        private long vectors;
        private double checksum;

        @Override
        public void onCombined(GroupedNamedDataEvent grouped) {
            vectors++;
            checksum += grouped.event(MID).getDouble(0);
        }

        public long vectors() {
            return vectors;
        }

        public double checksum() {
            return checksum;
        }
    }
}
