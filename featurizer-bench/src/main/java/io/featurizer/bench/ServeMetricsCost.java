package io.featurizer.bench;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.Clock;
import io.featurizer.serve.ServeMetrics;
import io.featurizer.serve.VectorHub;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What the feature server's metrics cost. {@code onVector}: the engine thread's share per combined vector (the
 * frame-to-vector histogram and the exchange lag), the only metrics work on the hot path. {@code scrape}: one
 * {@code /metrics} body (the hub's, the graph's and the histogram's series, written in the text format) on the
 * scraping thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ServeMetricsCost {
    private ServeMetrics metrics;
    private GroupedNamedDataEvent vector;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);

    @Setup
    public void setUp() {
        FeaturizerConfig config = FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                  - feature_definition: spread.relative_bid_ask_spread_fd
                    name: spread
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                """, "metrics-bench.yaml");
        metrics = new ServeMetrics();
        GroupedNamedDataEvent[] last = new GroupedNamedDataEvent[1];
        VectorHub[] hub = new VectorHub[1];
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(v -> {
            last[0] = v.copy();
            hub[0].publish(v);
        }).build();
        hub[0] = new VectorHub(graph.getOuts());
        metrics.watch(graph);
        metrics.watch(hub[0]);
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        long now = Clock.nowNanos();
        graph.emit(book, new BookUpdate().reset(now, now, true).sequence(1, 1, 0).addBid(100, 1).addAsk(102, 1));
        vector = last[0];
    }

    @Benchmark
    public void onVector() {
        vector.setTimes(vector.ts(), Clock.nowNanos() - 50_000);
        metrics.onVector(vector);
    }

    @Benchmark
    public int scrape() throws IOException {
        out.reset();
        metrics.write(out);
        return out.size();
    }
}
