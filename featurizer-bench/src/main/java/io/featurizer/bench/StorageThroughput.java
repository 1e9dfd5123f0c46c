package io.featurizer.bench;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.ingest.IngestOptions;
import io.featurizer.storage.ingest.Ingestor;
import io.featurizer.storage.ingest.TardisReader;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.Recorder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Storage throughput, end to end, on one producer thread:
 * <ol>
 * <li><b>record</b>: a pre-generated synthetic market (book deltas and trades) accepted by a {@link Recorder}
 *   (journal, block writers, background Parquet blocks); events/s over the accept loop plus the final flush;</li>
 * <li><b>read</b>: the recorded streams read back in order through {@link Storage#read}, events/s per stream;</li>
 * <li><b>ingest</b>: a generated Tardis {@code incremental_book_L2} CSV through {@link Ingestor} into blocks, rows/s.</li>
 * </ol>
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.StorageThroughput [events] [csvRows] [fsync never|interval]</pre>
 * Defaults: 2,000,000 events, 3,000,000 rows, fsync never. Works in a temp folder it deletes afterwards.
 */
public final class StorageThroughput {
    private StorageThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 3_000_000;
        FsyncPolicy fsync = args.length > 2 && args[2].equals("interval") ? FsyncPolicy.interval(java.time.Duration.ofMillis(100)) : FsyncPolicy.NEVER;
        System.out.printf("JVM %s, %d cpus, fsync %s%n", System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), fsync);
        Path dir = Files.createTempDirectory("featurizer-storage-bench");
        try {
            record(dir.resolve("rec"), events, fsync);
            ingest(dir.resolve("ingest"), dir.resolve("binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv"), rows);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void record(Path root, int n, FsyncPolicy fsync) {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(42).withRates(200, 60, 0));
        List<Event> tape = new ArrayList<>(n);
        int books = 0;
        while (tape.size() < n) {
            if (market.next() != SyntheticMarket.Channel.TICKER) {
                Event e = market.event().copy();
                books += e instanceof BookUpdate ? 1 : 0;
                tape.add(e);
            }
        }
        System.out.printf(Locale.ROOT, "record: %,d events (%,d book messages, %,d trades)%n", n, books, n - books);
        try (Storage storage = Storage.open(root)) {
            long t0, cpu0, accepted;
            try (Recorder r = Recorder.open(storage, root.resolve("journal"), fsync, Compactors.parse("count:250000"))) {
                var bookCb = r.callback(book);
                var tradeCb = r.callback(trades);
                t0 = System.nanoTime();
                cpu0 = Machine.processCpuNanos();
                for (Event e : tape) {
                    (e instanceof BookUpdate ? bookCb : tradeCb).onEvent(null, e);
                }
                accepted = System.nanoTime() - t0;
            }
            long total = System.nanoTime() - t0;
            double cpu = (Machine.processCpuNanos() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "record: accept loop %,.0f events/s; sustained incl. writing every block %,.0f events/s (%.2f s); "
                            + "process CPU %.2f s = %.2f cores busy, %,.0f events per CPU-second%n",
                    n / (accepted / 1e9), n / (total / 1e9), total / 1e9, cpu, cpu / (total / 1e9), n / cpu);
            for (Feature f : List.of(trades, book)) {
                for (int round = 0; round < 3; round++) {
                    long c = 0, check = 0;
                    long r0 = System.nanoTime();
                    try (EventCursor cur = storage.read(f, Long.MIN_VALUE, Long.MAX_VALUE)) {
                        while (cur.next()) {
                            check += cur.current().ts(); // touch the event so the read cannot be skipped
                            c++;
                        }
                    }
                    double s = (System.nanoTime() - r0) / 1e9;
                    System.out.printf(Locale.ROOT, "read %s round %d: %,d events in %.2f s = %,.0f events/s (check %d)%n",
                            f.definition().name(), round, c, s, c / s, check & 0xff);
                }
            }
        }
    }

    private static void ingest(Path root, Path csv, int rows) throws IOException {
        generateTardisL2(csv, rows);
        System.out.printf(Locale.ROOT, "ingest: %s, %,d rows, %,d bytes%n", csv.getFileName(), rows, Files.size(csv));
        try (Storage storage = Storage.open(root); Ingestor ingestor = new Ingestor(storage, Compactors.parse("1h"))) {
            long t0 = System.nanoTime();
            long cpu0 = Machine.processCpuNanos();
            Ingestor.Result r;
            try (TardisReader reader = TardisReader.open(csv, IngestOptions.defaults())) {
                r = ingestor.ingest(reader);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (Machine.processCpuNanos() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "ingest: CPU by thread: %s%n", threadCpu());
            System.out.printf(Locale.ROOT, "ingest: %,d rows -> %,d events, %d blocks in %.2f s = %,.0f rows/s; "
                            + "process CPU %.2f s = %.2f cores busy, %,.0f rows per CPU-second%n",
                    r.stats().rowsRead(), r.stats().eventsEmitted(), r.blocksWritten(), s, r.stats().rowsRead() / s,
                    cpu, cpu / s, r.stats().rowsRead() / cpu);
        }
    }

    /** CPU seconds of each live Java thread that used more than 0.1 s; the rest of the process CPU is the JVM's own (GC, JIT). */
    private static String threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            long ns = t == null ? -1 : mx.getThreadCpuTime(t.getThreadId());
            if (ns > 100_000_000L) {
                sb.append(String.format(Locale.ROOT, "%s %.2f s; ", t.getThreadName(), ns / 1e9));
            }
        }
        return sb.toString();
    }

    /** Tardis incremental_book_L2 rows: an opening 50-level snapshot, then messages of 1-8 level changes around a drifting mid. */
    static void generateTardisL2(Path file, int rows) throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        long ts = 1_598_918_400_000_000L; // 2020-09-01, µs
        double mid = 11_650.0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n");
            int written = 0;
            for (int i = 0; i < 50 && written < rows; i++, written += 2) {
                w.write(row(ts, true, "bid", mid - 0.5 - i * 0.5, 1 + i));
                w.write(row(ts, true, "ask", mid + 0.5 + i * 0.5, 1 + i));
            }
            while (written < rows) {
                ts += 1 + rnd.nextInt(2_000);
                mid += (rnd.nextInt(3) - 1) * 0.5;
                int levels = 1 + rnd.nextInt(8);
                for (int i = 0; i < levels && written < rows; i++, written++) {
                    boolean bid = rnd.nextBoolean();
                    double price = bid ? mid - 0.5 - rnd.nextInt(40) * 0.5 : mid + 0.5 + rnd.nextInt(40) * 0.5;
                    double amount = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 5_000) / 1000.0;
                    w.write(row(ts, false, bid ? "bid" : "ask", price, amount));
                }
            }
        }
    }

    private static String row(long ts, boolean snapshot, String side, double price, double amount) {
        return "binance-futures,BTCUSDT," + ts + "," + (ts + 150) + "," + snapshot + "," + side + "," + price + "," + amount + "\n";
    }
}
