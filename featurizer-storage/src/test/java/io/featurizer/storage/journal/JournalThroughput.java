package io.featurizer.storage.journal;

import io.featurizer.core.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Append throughput harness (not a test: no timing assertions). Run from the module directory after
 * {@code mvn test-compile}:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.featurizer.storage.journal.JournalThroughput [dir]
 * </pre>
 * where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}. Each run
 * appends to a fresh journal with 64 MiB segments; the event objects are reused as a producer would.
 */
public final class JournalThroughput {
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("journal-bench");
        FsyncPolicy[] policies = {FsyncPolicy.NEVER, FsyncPolicy.interval(Duration.ofMillis(100))};
        for (FsyncPolicy policy : policies) {
            run(root, policy, "trade", SampleEvents.trade(1), 5_000_000, 1);
            run(root, policy, "book10", SampleEvents.book(1, 10), 2_000_000, 1);
            run(root, policy, "trade x4 threads", SampleEvents.trade(1), 5_000_000, 4);
        }
        delete(root);
    }

    private static void run(Path root, FsyncPolicy policy, String kind, Event event, int events, int threads) throws Exception {
        for (int round = 0; round < 2; round++) { // the first round warms up the JIT
            Path dir = root.resolve(kind.replace(' ', '_') + "-" + policy.mode() + "-" + round);
            long bytes;
            long nanos;
            long allocated = -1;
            long replayNanos;
            try (Journal j = Journal.open(dir, policy)) {
                int stream = j.stream(kind, event.schema());
                int perThread = events / threads;
                Thread[] ts = new Thread[threads];
                for (int k = 0; k < threads; k++) {
                    Event own = event.copy();
                    ts[k] = new Thread(() -> {
                        try {
                            for (int i = 0; i < perThread; i++) {
                                own.setTimes(i, i);
                                j.append(stream, own);
                            }
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                }
                long t0 = System.nanoTime();
                if (threads == 1) {
                    // on this thread, so its allocation can be counted: the append path should allocate nothing
                    long a0 = ALLOCATION.getThreadAllocatedBytes(Thread.currentThread().getId());
                    ts[0].run();
                    allocated = ALLOCATION.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0;
                } else {
                    for (Thread t : ts) {
                        t.start();
                    }
                    for (Thread t : ts) {
                        t.join();
                    }
                }
                nanos = System.nanoTime() - t0;
                long r0 = System.nanoTime();
                long[] count = {0};
                j.replay(0, (st, seq, e) -> count[0]++);
                replayNanos = System.nanoTime() - r0;
                bytes = 0;
                for (Path p : j.segments()) {
                    bytes += Files.size(p);
                }
            }
            if (round == 1) {
                int n = (events / threads) * threads;
                System.out.printf("%-15s %-16s append %,11.0f events/s %,5.0f MB/s | replay %,11.0f events/s | %s (%,d events, %.2f s)%n",
                        policy, kind, n / (nanos / 1e9), bytes / 1e6 / (nanos / 1e9), n / (replayNanos / 1e9),
                        allocated < 0 ? "" : String.format("allocated %.3f B/event", allocated / (double) n), n, nanos / 1e9);
            }
            delete(dir);
        }
    }

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
