package io.featurizer.bench;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The trade-flow and returns definitions (issue 14), one at a time, in a graph with the depth-25 book and its mid, over
 * the synthetic market's book messages and trades (2000 and 400 per second). One operation = one input event; the
 * {@code baseline} graph has the book, the mid and the trades without a feature, so a feature's own cost per input is its
 * score minus the baseline's.
 *
 * <pre>java -jar featurizer-bench/target/featurizer-bench.jar FlowFeatureBenchmark -f 1 -wi 2 -i 3 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class FlowFeatureBenchmark {
    static final int BATCH = 1024;

    @Param({"baseline", "flow.signed_volume", "flow.trade_count", "flow.arrival_rate", "flow.trade_count_imbalance", "flow.vwap",
            "flow.roll_spread", "flow.kyle_lambda", "flow.amihud", "flow.vpin", "returns.log_return", "returns.realized_variance"})
    public String feature;

    private FeatureStreamGraph graph;
    private MarketTape tape;

    @Setup(Level.Trial)
    public void setUp() {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        Feature mid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 25), book));
        Feature measured = switch (feature) {
            case "baseline" -> trades;
            case "flow.kyle_lambda", "flow.amihud" -> Features.feature(feature, Map.of("interval", "1s", "window", "5m"), mid, trades);
            case "flow.vpin" -> Features.feature(feature, Map.of("bucket_volume", 5, "buckets", 50), trades);
            case "returns.log_return" -> Features.feature(feature, Map.of("horizon", "1m"), mid);
            case "returns.realized_variance" -> Features.feature(feature, Map.of("interval", "1s", "window", "5m"), mid);
            default -> Features.feature(feature, Map.of("window", "1m"), trades);
        };
        List<Feature> features = measured == trades ? List.of(mid, trades) : List.of(mid, trades, measured);
        graph = FeatureStreamGraph.builder(features).build();
        var config = io.featurizer.core.synthetic.SyntheticMarket.Config.defaults(42).withRates(2_000, 400, 200);
        tape = MarketTape.record(config, 1_000_000, graph.sourceIndex(book), graph.sourceIndex(trades), -1);
        tape.play(graph, 1_000_000); // windows full, rings at size
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pushEvents(Blackhole bh) {
        tape.play(graph, BATCH);
        bh.consume(tape.passes());
    }
}
