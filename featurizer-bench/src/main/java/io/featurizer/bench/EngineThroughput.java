package io.featurizer.bench;

import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end engine throughput harness: the {@link StandardFeatureSet} graph fed from a pre-generated
 * {@link MarketTape} on one thread, as fast as it goes.
 *
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.EngineThroughput [seconds] [warmupSeconds] [tapeEvents]</pre>
 *
 * Defaults: 30 s measured, 15 s warm-up, 1,000,000 tape events. Prints the JVM and its flags, input
 * events/s, ns/event, combined vectors emitted, allocated bytes per input event (from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} on the measuring thread, over the
 * measured phase only), the thread's CPU time (on a shared machine, events per CPU-second is less
 * sensitive to the thread being descheduled than wall-clock events/s) and the spread of one-second
 * rates, which shows how noisy the machine was.
 */
public final class EngineThroughput {
    /** Events between clock checks. */
    private static final int CHUNK = 16_384;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EngineThroughput() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        double warmupSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 15;
        int tapeEvents = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        long seed = 42;

        printJvm();

        StandardFeatureSet set = new StandardFeatureSet();
        StandardFeatureSet.VectorSink sink = new StandardFeatureSet.VectorSink();
        FeatureStreamGraph graph = set.newGraph(sink);

        long heapBefore = usedHeapAfterGc();
        long genStart = System.nanoTime();
        MarketTape tape = MarketTape.forStandardSet(set, graph, seed, tapeEvents);
        long genNanos = System.nanoTime() - genStart;
        long tapeBytes = usedHeapAfterGc() - heapBefore;
        System.out.printf(Locale.ROOT, "tape: %,d events (%,d book messages, %,d trades; %,d tickers skipped: not an input of the set), "
                        + "span %.1f s of event time, generated in %.2f s, ~%,d MB on the heap%n",
                tape.size(), tape.count(SyntheticMarket.Channel.L2_BOOK), tape.count(SyntheticMarket.Channel.TRADES), tape.skipped(),
                tape.spanNanos() / 1e9, genNanos / 1e9, tapeBytes >> 20);
        System.out.println("graph: " + graph.getFeatures().size() + " features, inputs " + graph.getIns() + ", outputs " + graph.getOuts());

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not report per-thread allocated bytes");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().getId();

        // Warm-up: JIT compilation, windows filled, every buffer at its final size.
        long warmupEvents = runFor(tape, graph, (long) (warmupSeconds * NANOS_PER_SECOND), null);
        System.out.printf(Locale.ROOT, "warm-up: %,d events in %.0f s (%d passes over the tape so far)%n", warmupEvents, warmupSeconds, tape.passes());

        long gcCountBefore = gcCount();
        long vectorsBefore = sink.vectors();
        double[] perSecond = new double[(int) Math.ceil(seconds) + 2]; // preallocated: nothing allocated while measuring
        long allocBefore = threads.getThreadAllocatedBytes(thread);
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long events = runFor(tape, graph, (long) (seconds * NANOS_PER_SECOND), perSecond);
        int intervals = lastIntervals;
        long elapsed = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long allocAfter = threads.getThreadAllocatedBytes(thread);
        long vectors = sink.vectors() - vectorsBefore;
        long gcs = gcCount() - gcCountBefore;

        double eventsPerSecond = events * 1e9 / elapsed;
        double[] rates = java.util.Arrays.copyOf(perSecond, Math.max(1, intervals));
        java.util.Arrays.sort(rates);
        System.out.println();
        System.out.printf(Locale.ROOT, "measured:        %.1f s, %,d input events, %d passes over the tape in total%n", elapsed / 1e9, events, tape.passes());
        System.out.printf(Locale.ROOT, "throughput:      %,.0f input events/s (%.2f M/s)%n", eventsPerSecond, eventsPerSecond / 1e6);
        System.out.printf(Locale.ROOT, "time per event:  %.1f ns (wall / events)%n", (double) elapsed / events);
        System.out.printf(Locale.ROOT, "on-CPU:          %.1f s of the measuring thread's CPU time (%.0f%% of wall): %,.0f events per CPU-second, %.1f CPU-ns/event%n",
                cpu / 1e9, 100.0 * cpu / elapsed, events * 1e9 / cpu, (double) cpu / events);
        System.out.printf(Locale.ROOT, "1 s intervals:   min %.2f / median %.2f / max %.2f M events/s over %d intervals%n",
                rates[0] / 1e6, rates[rates.length / 2] / 1e6, rates[rates.length - 1] / 1e6, rates.length);
        System.out.printf(Locale.ROOT, "combined vectors: %,d emitted (%.3f per input event), checksum %.6e%n", vectors, (double) vectors / events, sink.checksum());
        System.out.printf(Locale.ROOT, "allocation:      %,d bytes on the measuring thread = %.3f bytes/event; %d GCs during measurement%n",
                allocAfter - allocBefore, (double) (allocAfter - allocBefore) / events, gcs);
        printLastVector(tape);
    }

    /** Plays the tape for {@code nanos}; when {@code perSecond} is given, records each ~1 s interval's rate. */
    private static long runFor(MarketTape tape, FeatureStreamGraph graph, long nanos, double[] perSecond) {
        int intervals = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        long intervalStart = start;
        long intervalEvents = 0;
        long events = 0;
        long now = start;
        while (now < end) {
            tape.play(graph, CHUNK);
            events += CHUNK;
            intervalEvents += CHUNK;
            now = System.nanoTime();
            if (perSecond != null && now - intervalStart >= NANOS_PER_SECOND && intervals < perSecond.length) {
                perSecond[intervals++] = intervalEvents * 1e9 / (now - intervalStart);
                intervalStart = now;
                intervalEvents = 0;
            }
        }
        lastIntervals = intervals;
        return events;
    }

    private static int lastIntervals;

    private static void printJvm() {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        System.out.printf(Locale.ROOT, "JVM: %s %s (%s), java.version %s, %s %s%n", rt.getVmName(), rt.getVmVersion(), rt.getVmVendor(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.println("JVM flags: " + rt.getInputArguments());
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        System.out.printf(Locale.ROOT, "CPUs available: %d, max heap %,d MB, GC %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, gcs);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** One more vector, captured outside the measured phase, as a sanity check of what was computed. */
    private static void printLastVector(MarketTape tape) {
        GroupedNamedDataEvent[] last = new GroupedNamedDataEvent[1];
        StandardFeatureSet set = new StandardFeatureSet();
        FeatureStreamGraph check = set.newGraph(g -> last[0] = g.copy());
        tape.rewind();
        tape.play(check, Math.min(tape.size(), 200_000));
        if (last[0] != null) {
            System.out.println("sample vector (fresh graph, first " + Math.min(tape.size(), 200_000) + " tape events): "
                    + abbreviate(last[0].toString(), 600));
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
