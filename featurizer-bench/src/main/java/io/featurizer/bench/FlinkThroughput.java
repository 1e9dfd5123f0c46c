package io.featurizer.bench;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.flink.FlinkBackfill;
import io.featurizer.flink.FlinkCluster;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.Recorder;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Flink runner's throughput, side by side in one run on the same stored input and features (mid, relative spread,
 * 1-minute volatility of mid, 1-minute TVI, per symbol):
 * <ol>
 *   <li>the in-process engine: one {@link FeatureStreamGraph} over all symbols fed by the offline replay, one thread;</li>
 *   <li>{@code featurizer-flink} ({@link FlinkBackfill}) at parallelism 1, then 2;</li>
 *   <li>the Flink DataStream job a user would write by hand ({@link HandWrittenFlinkJob}) at parallelism 1, reading the
 *       same source.</li>
 * </ol>
 * Input events per second of the job's net runtime (Flink's own figure, without job submission); each Flink job runs on
 * one embedded cluster with 2 slots, best of {@code runs} after a warm-up run.
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.FlinkThroughput [symbols] [minutes] [bookPerSecond] [tradesPerSecond] [runs]</pre>
 * Defaults: 4 symbols, 20 minutes of market time each at 500 book messages/s and 100 trades/s (2.9 M events), 3 runs.
 * Every Flink job pays ~0.2–0.3 s of deployment and start-up inside its net runtime whatever its input (measured on
 * 14 k events); over 5 minutes of market time that is a third of (b)'s runtime, so the default input is long enough
 * for the rates to be the slot's throughput, as on a backfill of days.
 */
public final class FlinkThroughput {
    private FlinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double bookRate = args.length > 2 ? Double.parseDouble(args[2]) : 500;
        double tradeRate = args.length > 3 ? Double.parseDouble(args[3]) : 100;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        System.out.printf(Locale.ROOT, "JVM %s, %d cpus%n", System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("featurizer-flink-bench");
        try {
            Path store = dir.resolve("store");
            long events;
            try (Storage storage = Storage.open(store)) {
                events = record(storage, dir.resolve("journal"), symbols, minutes, bookRate, tradeRate);
            }
            String yaml = config(symbols);
            System.out.printf(Locale.ROOT, "recorded %,d events: %d symbols x %d min of market time%n", events, symbols, minutes);

            double engine = 0;
            for (int r = 0; r <= runs; r++) {
                double v = events / inProcess(store, yaml);
                engine = r == 0 ? 0 : Math.max(engine, v);
            }
            System.out.printf(Locale.ROOT, "(a) in-process engine, 1 thread:     %,12.0f events/s%n", engine);
            try (FlinkCluster cluster = FlinkCluster.embedded(2)) {
                double f1 = best(runs, () -> events / featurizer(cluster, store, yaml, 1));
                System.out.printf(Locale.ROOT, "(b) featurizer-flink, parallelism 1: %,12.0f events/s%n", f1);
                double f2 = best(runs, () -> events / featurizer(cluster, store, yaml, 2));
                System.out.printf(Locale.ROOT, "    featurizer-flink, parallelism 2: %,12.0f events/s%n", f2);
                double hand = best(runs, () -> events / handWritten(cluster, store, yaml));
                System.out.printf(Locale.ROOT, "(c) hand-written Flink job, p 1:     %,12.0f events/s%n", hand);
                System.out.printf(Locale.ROOT, "ratios: (b)/(c) = %.2fx per slot (target >= 3), (b)/(a) = %.2fx (target >= 0.5), p2/p1 = %.2fx (target >= 1.6 on >= 4 symbols)%n",
                        f1 / hand, f1 / engine, f2 / f1);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Run {
        double seconds() throws Exception;
    }

    /** Best (highest) of {@code runs} measured runs after one unmeasured warm-up run. */
    private static double best(int runs, Run run) throws Exception {
        run.seconds();
        double best = 0;
        for (int r = 0; r < runs; r++) {
            best = Math.max(best, run.seconds());
        }
        return best;
    }

    static String config(int symbols) {
        StringBuilder b = new StringBuilder("feature_configs:\n");
        for (int s = 0; s < symbols; s++) {
            String source = "{exchange: BINANCE, instrument_type: spot, symbol: " + symbol(s) + "}";
            b.append("  - {feature_definition: price.mid_price_fd, name: mid_").append(s).append(", params: {data_source: [").append(source).append("]}}\n");
            b.append("  - {feature_definition: spread.relative_bid_ask_spread_fd, name: spread_").append(s).append(", params: {data_source: [").append(source).append("]}}\n");
            b.append("  - {feature_definition: volatility.volatility_stddev_fd, name: vol_").append(s)
                    .append(", params: {data_source: [").append(source).append("], feature: {0: {window: 1m}}}}\n");
            b.append("  - {feature_definition: tvi.trade_volume_imb_fd, name: tvi_").append(s)
                    .append(", params: {data_source: [").append(source).append("], feature: {0: {window: 1m}}}}\n");
        }
        return b.toString();
    }

    static String symbol(int s) {
        return "SYM" + s + "-USDT";
    }

    private static long record(Storage storage, Path journal, int symbols, int minutes, double bookRate, double tradeRate) {
        long count = 0;
        try (Recorder recorder = Recorder.open(storage, journal, FsyncPolicy.NEVER, Compactors.parse("1m"))) {
            for (int s = 0; s < symbols; s++) {
                count += recordSymbol(recorder, s, 100 + s, minutes, bookRate, tradeRate);
            }
        }
        return count;
    }

    /** {@code minutes} of symbol {@code s}'s synthetic book and trades (market seed {@code seed}) through the recorder; the events recorded. */
    static long recordSymbol(Recorder recorder, int s, long seed, int minutes, double bookRate, double tradeRate) {
        Feature book = Features.l2Book("BINANCE", "spot", symbol(s));
        Feature trades = Features.trades("BINANCE", "spot", symbol(s));
        DataSourceCallback bookOut = recorder.callback(book);
        DataSourceCallback tradeOut = recorder.callback(trades);
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(seed).withRates(bookRate, tradeRate, 0));
        long end = market.config().startNanos() + minutes * 60_000_000_000L;
        long count = 0;
        while (true) {
            SyntheticMarket.Channel c = market.next();
            Event e = market.event();
            if (e.ts() > end) {
                return count;
            }
            if (c == SyntheticMarket.Channel.L2_BOOK) {
                bookOut.onEvent(book, e);
                count++;
            } else if (c == SyntheticMarket.Channel.TRADES) {
                tradeOut.onEvent(trades, e);
                count++;
            }
        }
    }

    /** Seconds of one in-process replay of the store through one graph over all features. */
    private static double inProcess(Path store, String yaml) {
        FeatureStreamGraph graph = FeatureStreamGraph.builder(FeaturizerConfig.parse(yaml, "bench.yaml")).build();
        long[] outputs = {0};
        for (Feature f : graph.getOuts()) {
            graph.addCallback(f, (feature, e) -> outputs[0]++);
        }
        long t0 = System.nanoTime();
        try (Storage storage = Storage.openReadOnly(store)) {
            OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE);
            emitter.feed(graph);
            emitter.runToEnd();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double featurizer(FlinkCluster cluster, Path store, String yaml, int parallelism) throws Exception {
        StreamExecutionEnvironment env = cluster.environment(parallelism);
        new FlinkBackfill(store, yaml, "bench.yaml", parallelism).build(env, Long.MIN_VALUE, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
        return seconds(env.execute("featurizer-flink p" + parallelism));
    }

    private static double handWritten(FlinkCluster cluster, Path store, String yaml) throws Exception {
        StreamExecutionEnvironment env = cluster.environment(1);
        DataStream<?>[] results = HandWrittenFlinkJob.build(new FlinkBackfill(store, yaml, "bench.yaml", 1).records(env, Long.MIN_VALUE, Long.MAX_VALUE), yaml);
        for (DataStream<?> r : results) {
            r.sinkTo(new DiscardingSink<>());
        }
        return seconds(env.execute("hand-written p1"));
    }

    private static double seconds(JobExecutionResult r) {
        return r.getNetRuntime(TimeUnit.NANOSECONDS) / 1e9;
    }
}
