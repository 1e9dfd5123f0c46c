package io.featurizer.storage.block;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.EventCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Write and read throughput of {@link ParquetBlocks} (events/s, one thread), not a test. Run:
 * {@code java -cp <test classpath> io.featurizer.storage.block.ParquetBlocksBenchmark [events] [levels]}
 * with {@code -Dfeaturizer.duckdb.threads=N} to vary DuckDB's thread count. Reports wall-clock rates and rates
 * per CPU second of the calling thread (the machine may be shared).
 */
public final class ParquetBlocksBenchmark {
    // with DuckDB at one thread the native work runs on the calling thread, so its CPU time is the cost per core
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int levels = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = Files.createTempDirectory("pq-bench");
        run("trades", Trade.SCHEMA, trades(n), dir.resolve("trades.parquet"), rounds);
        run("l2_book(" + levels + " levels)", BookUpdate.SCHEMA, books(n / 4, levels), dir.resolve("book.parquet"), rounds);
    }

    private static void run(String name, Schema schema, List<? extends Event> events, Path file, int rounds) throws Exception {
        long[] seqs = new long[events.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = i;
        }
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime(), c0 = CPU.getCurrentThreadCpuTime();
            ParquetBlocks.write(file, schema, events, seqs);
            long t1 = System.nanoTime(), c1 = CPU.getCurrentThreadCpuTime();
            long count = 0;
            long check = 0;
            try (EventCursor c = ParquetBlocks.read(file, schema)) {
                while (c.next()) {
                    check += c.current().ts() + c.sequence();
                    count++;
                }
            }
            long t2 = System.nanoTime(), c2 = CPU.getCurrentThreadCpuTime();
            if (count != events.size()) {
                throw new IllegalStateException("read " + count + " of " + events.size());
            }
            System.out.printf("%-22s %,d events: write %.2f M/s (%.2f per CPU s), read %.2f M/s (%.2f per CPU s), file %,d bytes (%d)%n",
                    name, count, count * 1e3 / (t1 - t0), count * 1e3 / (c1 - c0), count * 1e3 / (t2 - t1), count * 1e3 / (c2 - c1),
                    Files.size(file), check & 1);
        }
    }

    static List<Trade> trades(int n) {
        SplittableRandom rnd = new SplittableRandom(1);
        List<Trade> out = new ArrayList<>(n);
        long ts = 1_700_000_000_000_000_000L;
        double price = 30_000;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(1, 2_000_000);
            price += (rnd.nextInt(3) - 1) * 0.5;
            out.add(new Trade().set(ts, ts + rnd.nextInt(100_000, 5_000_000), rnd.nextBoolean() ? Side.BUY : Side.SELL, price,
                    rnd.nextInt(1, 100_000) * 1e-5, 1_000_000 + i));
        }
        return out;
    }

    static List<BookUpdate> books(int n, int levels) {
        SplittableRandom rnd = new SplittableRandom(2);
        List<BookUpdate> out = new ArrayList<>(n);
        long ts = 1_700_000_000_000_000_000L;
        double mid = 30_000;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(1, 2_000_000);
            mid += (rnd.nextInt(3) - 1) * 0.5;
            BookUpdate b = new BookUpdate().reset(ts, ts + rnd.nextInt(100_000, 5_000_000), i == 0).sequence(10L * i, 10L * i + 9, 10L * i - 1);
            for (int k = 0; k < levels / 2; k++) {
                b.addBid(mid - 0.5 - rnd.nextInt(50) * 0.5, rnd.nextInt(0, 10_000) * 1e-3);
                b.addAsk(mid + 0.5 + rnd.nextInt(50) * 0.5, rnd.nextInt(0, 10_000) * 1e-3);
            }
            out.add(b);
        }
        return out;
    }
}
