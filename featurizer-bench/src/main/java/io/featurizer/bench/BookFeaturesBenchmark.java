package io.featurizer.bench;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.synthetic.SyntheticMarket;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ns per input of each book-shape and order-flow feature alone: its operator fed depth-25 l2_snapshot events
 * (4096 of them, computed once from the synthetic market at 2000 book messages/s, replayed round and round with
 * timestamps shifted each pass so windows slide as in a live run). The snapshot itself is not measured: the figure is the feature's own cost.
 *
 * <pre>java -jar featurizer-bench/target/featurizer-bench.jar BookFeaturesBenchmark -f 1 -wi 2 -i 3 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class BookFeaturesBenchmark {
    static final int BATCH = 1024;
    /** Snapshots on the tape: few enough (about 3 MB at depth 25) to stay in cache, so the figure is the feature's work, not memory misses. */
    static final int TAPE = 4096;

    @Param({"book.spread_bps", "book.weighted_mid", "book.top_imbalance", "book.queue_imbalance", "book.depth_imbalance",
            "book.depth_within_bps", "book.slope", "book.micro_price", "flow.ofi", "flow.multi_level_ofi"})
    public String definition;

    /** Levels read by the features that take a depth (the snapshot is always depth 25). */
    @Param("25")
    public int depth;

    private FeatureOperator operator;
    private FeatureEvent[] snapshots;
    private long span;
    private int next;
    private final Emitter sink = new Emitter() {
        @Override
        public void emit(Event e) {
            checksum += e.getDouble(0);
        }
    };
    double checksum;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature snap = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 25), book);
        Map<String, Object> params = switch (definition) {
            case "book.depth_imbalance" -> Map.of("depth", depth, "decay", 0.1);
            case "book.slope" -> Map.of("depth", depth);
            case "book.depth_within_bps" -> Map.of("bps", 10);
            case "flow.ofi" -> Map.of("window", "10s");
            case "flow.multi_level_ofi" -> Map.of("window", "10s", "depth", depth);
            case "book.micro_price" -> Map.of("table", microPriceTable().toString());
            default -> Map.of();
        };
        Feature f = Features.feature(definition, params, snap);
        operator = ((FeatureDefinition) f.definition()).createOperator(OperatorContext.of(f));
        FeatureOperator snapshotter = ((FeatureDefinition) snap.definition()).createOperator(OperatorContext.of(snap));
        SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(2000, 0, 0));
        List<FeatureEvent> out = new ArrayList<>();
        while (out.size() < TAPE) {
            if (m.next() == SyntheticMarket.Channel.L2_BOOK) {
                snapshotter.onEvent(0, m.event(), e -> out.add((FeatureEvent) e.copy()));
            }
        }
        snapshots = out.toArray(new FeatureEvent[0]);
        span = snapshots[snapshots.length - 1].ts() - snapshots[0].ts() + 1;
        for (int pass = 0; pass < 5; pass++) { // windows full, buffers at size
            for (FeatureEvent e : snapshots) {
                operator.onEvent(0, e, sink);
            }
            shift();
        }
    }

    private void shift() {
        for (FeatureEvent e : snapshots) {
            e.setTimes(e.ts() + span, e.receiptTs() + span);
        }
    }

    private static Path microPriceTable() throws IOException {
        StringBuilder csv = new StringBuilder("tick_size,spread_ticks,imbalance_bucket,imbalance_from,imbalance_to,observations,adjustment,iterations\n");
        for (int b = 0; b < 10; b++) {
            csv.append("0.01,1,").append(b).append(',').append(b / 10.0).append(',').append((b + 1) / 10.0).append(",100,")
                    .append((b - 4.5) * 0.001).append(",5\n");
        }
        Path file = Files.createTempFile("micro-price", ".csv");
        file.toFile().deleteOnExit();
        return Files.writeString(file, csv);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double pushSnapshots() {
        for (int k = 0; k < BATCH; k++) {
            operator.onEvent(0, snapshots[next], sink);
            if (++next == snapshots.length) {
                next = 0;
                shift(); // one timestamp write per input, measured with the rest
            }
        }
        return checksum;
    }
}
