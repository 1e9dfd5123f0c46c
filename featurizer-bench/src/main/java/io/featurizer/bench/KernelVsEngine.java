package io.featurizer.bench;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.CombinedOutputCallback;
import io.featurizer.core.graph.FeatureStreamGraph;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 13, part 2: the engine against a hand-written kernel, side by side in one run, on the same
 * Tardis-format BTCUSDT input and the same features (book snapshot at depth D, mid, relative spread,
 * 60 s volatility of the mid, 60 s trade-volume imbalance, one combined record per input).
 *
 * <pre>
 * mvn -o -q -pl featurizer-bench -am package -DskipTests
 * java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.KernelVsEngine [events] [runs] [warm-ups] [depths]
 * </pre>
 * Defaults: 5,000,000 events per run, 5 measured runs and 2 warm-up runs per side and depth, depths
 * 1,5,25. Steps:
 * <ol>
 *   <li>writes 10 minutes of seeded Binance BTCUSDT data as Tardis {@code incremental_book_L2} and
 *       {@code trades} CSV files ({@link TardisBtcusdtGenerator}: ~200 book messages/s of 1-20 level
 *       changes, ~30 trades/s) and reads them back through the project's {@code TardisReader} into a
 *       {@link TardisTape}, replayed back to back (time-shifted passes) up to the run's event count;</li>
 *   <li>per depth, a check run feeds every input to the {@link HandWrittenKernel} and to the
 *       {@link FeatureStreamGraph} in lockstep and compares every combined record: times, snapshot
 *       levels, mid and spread bit for bit; volatility within 1e-9 relative (+1e-11 absolute, the
 *       rounding of a ~4e4 mid); TVI within 1e-9 absolute (its range is [-2, 2]). The engine sums
 *       exactly, the kernel with its own arithmetic (see {@link HandWrittenKernel}). A difference
 *       stops the run with the input and the values;</li>
 *   <li>per depth, warm-up runs then measured runs of each side, alternated, each from a fresh
 *       kernel / graph over the same events: input events/s (best and median), the ratio, and the
 *       engine's allocated bytes per input event (ThreadMXBean, the measuring thread); also the median
 *       of each run's ratio to the kernel run just before it, and the ratio of events per CPU-second
 *       of the measuring thread, both less sensitive to a shared machine;</li>
 *   <li>latency of one input through the graph at depth 25: System.nanoTime around each
 *       {@code emit} (the decode is outside), into an HdrHistogram.</li>
 * </ol>
 */
public final class KernelVsEngine {
    static final double TICK = 0.01;
    static final long WINDOW_NANOS = 60_000_000_000L;
    private static final double VOL_REL = 1e-9, VOL_ABS = 1e-11, TVI_ABS = 1e-9;

    private KernelVsEngine() {
    }

    public static void main(String[] args) throws IOException {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int[] depths = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray() : new int[]{1, 5, 25};

        var rt = ManagementFactory.getRuntimeMXBean();
        System.out.printf(Locale.ROOT, "JVM: %s %s, flags %s, %d CPUs, load average %s%n", rt.getVmName(), rt.getVmVersion(),
                rt.getInputArguments(), Runtime.getRuntime().availableProcessors(), Machine.loadAverages());

        TardisTape tape = tape();
        System.out.printf(Locale.ROOT, "tape: %,d events (%,d book messages, %,d trades), %.0f s of market time; %,d events per run = %.1f passes%n",
                tape.size(), tape.bookMessages(), tape.trades(), tape.spanNanos() / 1e9, events, (double) events / tape.size());

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().getId();

        List<String> summary = new ArrayList<>();
        for (int depth : depths) {
            check(tape, depth, events);
            double[] kernel = new double[runs];
            double[] engine = new double[runs];
            double[] alloc = new double[runs];
            double[] kernelCpu = new double[runs];
            double[] engineCpu = new double[runs];
            long kernelRecords = 0;
            long engineRecords = 0;
            for (int r = -warmups; r < runs; r++) {
                HandWrittenKernel k = new HandWrittenKernel(depth, TICK, WINDOW_NANOS);
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                kernelRecords = runKernel(tape, k, events);
                long kernelNanos = System.nanoTime() - t0;
                long kernelCpuNanos = threads.getCurrentThreadCpuTime() - c0;

                Engine e = new Engine(depth);
                long a0 = threads.getThreadAllocatedBytes(thread);
                c0 = threads.getCurrentThreadCpuTime();
                t0 = System.nanoTime();
                runEngine(tape, e, events);
                long engineNanos = System.nanoTime() - t0;
                long engineCpuNanos = threads.getCurrentThreadCpuTime() - c0;
                long bytes = threads.getThreadAllocatedBytes(thread) - a0;
                engineRecords = e.sink.records;
                if (r >= 0) {
                    kernel[r] = events * 1e9 / kernelNanos;
                    engine[r] = events * 1e9 / engineNanos;
                    alloc[r] = (double) bytes / events;
                    kernelCpu[r] = events * 1e9 / kernelCpuNanos;
                    engineCpu[r] = events * 1e9 / engineCpuNanos;
                }
                System.out.printf(Locale.ROOT, "depth %2d %s %d: kernel %6.2f M/s, engine %6.2f M/s, engine %.3f B/event (checksums %.6e %.6e)%n",
                        depth, r < 0 ? "warm-up" : "run", r < 0 ? r + warmups + 1 : r + 1, events * 1e3 / kernelNanos,
                        events * 1e3 / engineNanos, (double) bytes / events, kernelChecksum, e.sink.checksum);
            }
            if (kernelRecords != engineRecords) {
                throw new IllegalStateException("depth " + depth + ": kernel made " + kernelRecords + " records, engine " + engineRecords);
            }
            double[] paired = new double[runs]; // each run's engine ÷ the kernel run just before it: robust to a disturbed minute
            for (int r = 0; r < runs; r++) {
                paired[r] = engine[r] / kernel[r];
            }
            String line = String.format(Locale.ROOT,
                    "| %2d | %6.2f / %6.2f | %6.2f / %6.2f | %.2f / %.2f | %.2f | %.2f | %.3f | %,d |", depth, best(kernel) / 1e6, median(kernel) / 1e6,
                    best(engine) / 1e6, median(engine) / 1e6, best(engine) / best(kernel), median(engine) / median(kernel),
                    median(paired), median(engineCpu) / median(kernelCpu), median(alloc), engineRecords);
            summary.add(line);
        }
        String latency = latency(tape, 25, events);

        System.out.println();
        System.out.println("| depth | kernel M events/s best / median | engine M events/s best / median | engine ÷ kernel best / median "
                + "| engine ÷ kernel, median of paired runs | engine ÷ kernel per CPU-second (median) | engine B/event (median) | records per run |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        summary.forEach(System.out::println);
        System.out.println(latency);
        System.out.println("load average at the end: " + Machine.loadAverages());
    }

    /** Generates the Tardis files in a temporary folder, reads them into a tape, deletes them. */
    private static TardisTape tape() throws IOException {
        Path dir = Files.createTempDirectory("kernel-vs-engine");
        try {
            long t0 = System.nanoTime();
            TardisBtcusdtGenerator.Files2 f = TardisBtcusdtGenerator.write(dir, 13, 600, 200, 30);
            long t1 = System.nanoTime();
            TardisTape tape = TardisTape.read(f.book(), f.trades());
            System.out.printf(Locale.ROOT, "input: %s (%,d rows, %,d messages, %,d bytes) and %s (%,d rows), written in %.1f s, read in %.1f s%n",
                    f.book().getFileName(), f.bookRows(), f.bookMessages(), Files.size(f.book()), f.trades().getFileName(), f.tradeRows(),
                    (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
            return tape;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** The engine's side: the same features as a graph, combined outputs into a cheap sink. */
    static final class Engine {
        final Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        final Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        final Feature snapshot;
        final Feature mid;
        final Feature spread;
        final Feature volatility;
        final Feature tvi;
        final Sink sink;
        final FeatureStreamGraph graph;
        final int bookSource;
        final int tradeSource;

        Engine(int depth) {
            this(depth, null);
        }

        /** With {@code callback}, the graph delivers to it instead of the counting sink. */
        Engine(int depth, CombinedOutputCallback callback) {
            snapshot = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", depth, "sampling", "raw"), book).named("book");
            mid = Features.feature("price.mid_price_fd", Map.of(), snapshot).named("mid");
            spread = Features.feature("spread.relative_bid_ask_spread_fd", Map.of(), snapshot).named("spread");
            volatility = Features.feature("volatility.volatility_stddev_fd", Map.of("window", "1m"), mid).named("vol_1m");
            tvi = Features.feature("tvi.trade_volume_imb_fd", Map.of("window", "1m"), trades).named("tvi_1m");
            sink = new Sink(mid);
            graph = FeatureStreamGraph.builder(List.of(snapshot, mid, spread, volatility, tvi))
                    .combineOutputs(callback != null ? callback : sink).build();
            bookSource = graph.sourceIndex(book);
            tradeSource = graph.sourceIndex(trades);
        }
    }

    /** Counts records and sums the mid, read the way a user would ({@code get(Feature)}): work the JIT cannot drop. */
    static final class Sink implements CombinedOutputCallback {
        private final Feature mid;
        long records;
        double checksum;

        Sink(Feature mid) {
            this.mid = mid;
        }

        @Override
        public void onCombined(GroupedNamedDataEvent grouped) {
            records++;
            checksum += grouped.get(mid).getDouble(0);
        }
    }

    private static double kernelChecksum;

    static long runKernel(TardisTape tape, HandWrittenKernel k, long events) {
        TardisTape.Cursor c = tape.cursor();
        long records = 0;
        double checksum = 0;
        for (long i = 0; i < events; i++) {
            boolean emitted = c.nextIsTrade() ? k.onTrade((Trade) c.next()) : k.onBook((BookUpdate) c.next());
            if (emitted) {
                records++;
                checksum += k.mid;
            }
        }
        kernelChecksum = checksum;
        return records;
    }

    static void runEngine(TardisTape tape, Engine e, long events) {
        TardisTape.Cursor c = tape.cursor();
        FeatureStreamGraph g = e.graph;
        int book = e.bookSource;
        int trades = e.tradeSource;
        for (long i = 0; i < events; i++) {
            int source = c.nextIsTrade() ? trades : book;
            g.emit(source, c.next());
        }
    }

    /** Feeds every input to both sides in lockstep and compares every combined record; throws on the first difference. */
    static void check(TardisTape tape, int depth, long events) {
        HandWrittenKernel k = new HandWrittenKernel(depth, TICK, WINDOW_NANOS);
        Comparer cmp = new Comparer(k);
        Engine e = new Engine(depth, cmp);
        TardisTape.Cursor c = tape.cursor();
        long records = 0;
        for (long i = 0; i < events; i++) {
            boolean trade = c.nextIsTrade();
            Event ev = c.next();
            boolean kernelEmitted = trade ? k.onTrade((Trade) ev) : k.onBook((BookUpdate) ev);
            cmp.input = i;
            cmp.fired = false;
            e.graph.emit(trade ? e.tradeSource : e.bookSource, ev);
            if (cmp.fired != kernelEmitted) {
                throw new IllegalStateException("depth " + depth + ", input " + i + " (" + ev + "): the kernel " + (kernelEmitted ? "made" : "did not make")
                        + " a record, the engine " + (cmp.fired ? "did" : "did not"));
            }
            records += kernelEmitted ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "check depth %d: %,d inputs, %,d combined records equal (snapshot, mid, spread, times bit for bit; "
                        + "volatility max rel. diff %.2e, TVI max abs. diff %.2e)%n", depth, events, records, cmp.maxVolRel, cmp.maxTviAbs);
    }

    /** Compares each engine record with the kernel's current one. */
    private static final class Comparer implements CombinedOutputCallback {
        private final HandWrittenKernel k;
        long input;
        boolean fired;
        double maxVolRel;
        double maxTviAbs;

        Comparer(HandWrittenKernel k) {
            this.k = k;
        }

        @Override
        public void onCombined(GroupedNamedDataEvent g) {
            fired = true;
            Event snap = g.event(0);
            same("ts", g.ts(), k.ts);
            same("receiptTs", g.receiptTs(), k.receiptTs);
            levels("bid_prices", snap, L2SnapshotFD.BID_PRICES, k.bidPrices, k.bidCount);
            levels("bid_sizes", snap, L2SnapshotFD.BID_SIZES, k.bidSizes, k.bidCount);
            levels("ask_prices", snap, L2SnapshotFD.ASK_PRICES, k.askPrices, k.askCount);
            levels("ask_sizes", snap, L2SnapshotFD.ASK_SIZES, k.askSizes, k.askCount);
            bits("mid", g.event(1).getDouble(0), k.mid);
            bits("spread", g.event(2).getDouble(0), k.spread);
            double ev = g.event(3).getDouble(0);
            double diff = Math.abs(ev - k.volatility);
            if (diff > VOL_REL * Math.max(Math.abs(ev), Math.abs(k.volatility)) + VOL_ABS) {
                fail("volatility", ev, k.volatility);
            }
            if (diff > 0) {
                maxVolRel = Math.max(maxVolRel, diff / Math.max(Math.abs(ev), Math.abs(k.volatility)));
            }
            double et = g.event(4).getDouble(0);
            if (Math.abs(et - k.tvi) > TVI_ABS) {
                fail("tvi", et, k.tvi);
            }
            maxTviAbs = Math.max(maxTviAbs, Math.abs(et - k.tvi));
        }

        private void levels(String field, Event snap, Schema.ArrayField index, double[] kernel, int n) {
            if (snap.arrayLength(index) != n) {
                fail(field + " length", snap.arrayLength(index), n);
            }
            double[] a = snap.getArray(index);
            for (int i = 0; i < n; i++) {
                bits(field + "[" + i + "]", a[i], kernel[i]);
            }
        }

        private void bits(String field, double engine, double kernel) {
            if (Double.doubleToLongBits(engine) != Double.doubleToLongBits(kernel)) {
                fail(field, engine, kernel);
            }
        }

        private void same(String field, long engine, long kernel) {
            if (engine != kernel) {
                fail(field, engine, kernel);
            }
        }

        private void fail(String field, Object engine, Object kernel) {
            throw new IllegalStateException("input " + input + ": " + field + " differs: engine " + engine + ", kernel " + kernel);
        }
    }

    /** p50/p90/p99/p99.9/max of one input through the graph (emit only), ns. */
    private static String latency(TardisTape tape, int depth, long events) {
        Histogram h = new Histogram(10_000_000_000L, 3);
        for (int round = 0; round < 2; round++) { // the first round warms the timed loop up
            h.reset();
            Engine e = new Engine(depth);
            TardisTape.Cursor c = tape.cursor();
            FeatureStreamGraph g = e.graph;
            for (long i = 0; i < events; i++) {
                int source = c.nextIsTrade() ? e.tradeSource : e.bookSource;
                Event ev = c.next();
                long t0 = System.nanoTime();
                g.emit(source, ev);
                h.recordValue(System.nanoTime() - t0);
            }
        }
        return String.format(Locale.ROOT, "latency of one input through the graph, depth %d, %,d inputs (ns, System.nanoTime around emit): "
                        + "p50 %d, p90 %d, p99 %d, p99.9 %d, max %d", depth, h.getTotalCount(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    private static double best(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
