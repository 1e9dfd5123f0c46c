package io.featurizer.bench;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.Storage;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.ComputeReport;
import io.featurizer.offline.compute.ComputeResult;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.offline.MergeOrder;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.Recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Batch compute throughput ({@link BatchCompute}, the engine of {@code featurizer compute}): input events per
 * second of wall time on one thread and on all cores, and the speed-up.
 *
 * <p>Storage: a synthetic market (book deltas and trades of one symbol) recorded through the {@link Recorder}
 * into a temp folder (1-minute blocks, as {@code featurizer record}), or an existing storage root. Features: the
 * ML table of DESIGN.md section 10's reference set over it: mid price, spread, 1-minute volatility, 1-minute
 * TVI and 1-minute OHLCV (no label). A run is a whole compute: replay from Parquet blocks (warm-up, chunks,
 * tails), the graph, and the point-in-time join into the in-memory table; writing Parquet is timed once apart.
 * Each configuration is run {@code runs} times after one unmeasured warm-up run; the best and the median are
 * printed, with the cores the process kept busy (process CPU time / wall time: on a shared machine, less than
 * the threads asked for means other work took the cores) and input events per CPU-second (the cost, whatever
 * the contention).
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.ComputeThroughput [minutes] [bookPerSecond] [tradesPerSecond] [runs] [config]</pre>
 * {@code config}: another feature set over the same symbol, a file or a bundled set ({@code feature-costs-30.yaml}).
 * Defaults: 20 minutes of market time at 2000 book messages/s and 400 trades/s (2.9 M input events), 3 runs.
 */
public final class ComputeThroughput {
    private ComputeThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double bookRate = args.length > 1 ? Double.parseDouble(args[1]) : 2000;
        double tradeRate = args.length > 2 ? Double.parseDouble(args[2]) : 400;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "JVM %s, %d cpus, load average %s%n", System.getProperty("java.vm.version"), cores, Machine.loadAverage());
        StandardFeatureSet set = new StandardFeatureSet();
        // read before recording, so a wrong config name fails at once
        List<Feature> features = args.length > 4 ? FeatureCosts.config(args[4]).features() // over BINANCE spot BTC-USDT, as recorded
                : List.of(set.outputs().get(StandardFeatureSet.MID), set.outputs().get(StandardFeatureSet.SPREAD),
                set.outputs().get(StandardFeatureSet.VOLATILITY), set.outputs().get(StandardFeatureSet.TVI), set.outputs().get(StandardFeatureSet.OHLCV));
        Path dir = Files.createTempDirectory("featurizer-compute-bench");
        try (Storage storage = Storage.open(dir.resolve("store"))) {
            long t0 = System.nanoTime();
            long events = record(storage, dir.resolve("journal"), set, minutes, bookRate, tradeRate);
            System.out.printf(Locale.ROOT, "recorded %,d events (%d min of market time) in %.1f s%n", events, minutes, (System.nanoTime() - t0) / 1e9);
            System.out.println("features: " + features);

            measure(storage, features, 1, 1); // JIT warm-up, not counted
            double one = report("1 thread", measure(storage, features, 1, runs));
            double all = report(cores + " threads", measure(storage, features, cores, runs));
            System.out.printf(Locale.ROOT, "speed-up on %d threads: %.2fx (best run against best run)%n", cores, all / one);

            ComputeResult r = compute(storage, features, cores);
            long w0 = System.nanoTime();
            r.table().writeParquet(dir.resolve("features.parquet"));
            System.out.printf(Locale.ROOT, "writeParquet: %,d rows x %d columns in %.2f s, %.1f MB%n", r.table().rowCount(), r.table().columnCount(),
                    (System.nanoTime() - w0) / 1e9, Files.size(dir.resolve("features.parquet")) / 1e6);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long record(Storage storage, Path journal, StandardFeatureSet set, int minutes, double bookRate, double tradeRate) {
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(42).withRates(bookRate, tradeRate, 0));
        long end = market.config().startNanos() + minutes * 60_000_000_000L;
        long n = 0;
        try (Recorder r = Recorder.open(storage, journal, FsyncPolicy.NEVER, Compactors.parse("1m"))) {
            var book = r.callback(set.l2Book());
            var trades = r.callback(set.trades());
            while (true) {
                SyntheticMarket.Channel c = market.next();
                Event e = market.event();
                if (e.ts() > end) {
                    return n;
                }
                if (c == SyntheticMarket.Channel.L2_BOOK) {
                    book.onEvent(set.l2Book(), e);
                } else if (c == SyntheticMarket.Channel.TRADES) {
                    trades.onEvent(set.trades(), e);
                } else {
                    continue;
                }
                n++;
            }
        }
    }

    private static ComputeResult compute(Storage storage, List<Feature> features, int threads) {
        return BatchCompute.of(storage, features).order(MergeOrder.INGESTION_SEQUENCE).parallelism(threads).useStored(false)
                .run(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** One measured run: the compute's report and the CPU time the whole process spent on it. */
    private record Run(ComputeReport report, long cpuNanos) {
        double cores() {
            return (double) cpuNanos / report.elapsedNanos();
        }
    }

    private static List<Run> measure(Storage storage, List<Feature> features, int threads, int runs) {
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long cpu0 = Machine.processCpuNanos();
            ComputeReport r = compute(storage, features, threads).report();
            measured.add(new Run(r, Machine.processCpuNanos() - cpu0));
        }
        return measured;
    }

    /** Prints the runs and returns the best rate. */
    private static double report(String what, List<Run> runs) {
        double[] rates = runs.stream().mapToDouble(r -> r.report().inputEventsPerSecond()).sorted().toArray();
        ComputeReport r = runs.get(0).report();
        double perCpuSecond = runs.stream().mapToDouble(x -> x.report().inputEvents() * 1e9 / x.cpuNanos()).max().orElse(0);
        System.out.printf(Locale.ROOT, "%-10s best %,.0f input events/s, median %,.0f (runs: %s); cores busy %s; best %,.0f events per CPU-second; "
                        + "%,d inputs, %,d replayed (warm-up and tails +%.1f %%), %d chunks, %,d rows; load average %s%n", what,
                rates[rates.length - 1], rates[rates.length / 2], Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()),
                runs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x.cores())).toList(), perCpuSecond, r.inputEvents(), r.replayedEvents(),
                100.0 * (r.replayedEvents() - r.inputEvents()) / r.inputEvents(), r.chunks(), r.rows(), Machine.loadAverage());
        return rates[rates.length - 1];
    }
}
