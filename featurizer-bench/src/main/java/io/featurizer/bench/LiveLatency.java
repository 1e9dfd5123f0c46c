package io.featurizer.bench;

import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.Clock;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.live.ReconnectPolicy;
import io.featurizer.exchanges.sim.Pacing;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.HdrHistogram.Histogram;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end latency of the live path on loopback: the local exchange simulator sends the venue's
 * frames at a fixed rate; the client decodes, keeps the book, hands off, runs the standard feature
 * set and delivers combined vectors. Latency = time of the combined-vector callback minus the
 * frame's receipt time: when the socket read that brought the frame's first bytes returned, so a
 * frame's wait behind earlier frames of the same read counts ({@code -Dfeaturizer.ws.stampEachFrame=true}
 * stamps each frame when the reader reaches it instead, as frames were stamped behind Java-WebSocket).
 * Also reports this JVM's garbage collections and allocation rate over the measured window: unlike
 * the latency tail, these do not depend on what else the machine's cores are doing.
 * The simulator runs in its own JVM (as a separate venue gateway would), so its work and garbage stay
 * out of the measured process; {@code inprocess} as the fifth argument runs it in this JVM instead.
 * The simulator's pacing is {@code -Dfeaturizer.sim.pacing} (every {@code featurizer.sim.*} property is passed on to its JVM).
 * {@code -Dfeaturizer.live.delivery=inline} runs the feature graph on the reader thread ({@link DeliveryMode#INLINE}).
 * {@code -Dfeaturizer.bench.simCpus=0} starts the simulator under {@code taskset -c 0} (Linux), for runs that keep
 * it off the client's cores ({@code taskset -c 1 java ... LiveLatency}).
 * Usage: {@code LiveLatency [messagesPerSecond=50000] [seconds=20] [warmupSeconds=10] [exchange=BINANCE] [inprocess]}.
 */
public final class LiveLatency {
    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String exchange = args.length > 3 ? args[3] : "BINANCE";
        StandardFeatureSet set = new StandardFeatureSet(exchange, "spot", "BTC-USDT");
        Histogram latency = new Histogram(1_000, 10_000_000_000L, 3);
        boolean[] measuring = {false};
        long[] vectors = {0};
        FeatureStreamGraph graph = FeatureStreamGraph.builder(set.outputs()).combineOutputs(g -> {
            long l = Clock.nowNanos() - g.receiptTs();
            if (measuring[0]) {
                latency.recordValue(Math.max(1_000, Math.min(l, latency.getHighestTrackableValue())));
                vectors[0]++;
            }
        }).build();
        DeliveryMode delivery = DeliveryMode.valueOf(System.getProperty("featurizer.live.delivery", "HAND_OFF").toUpperCase(Locale.ROOT));
        boolean inProcess = args.length > 4 && args[4].equals("inprocess");
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(42).withRates(2_000, 400, 200);
        Process child = null;
        SimulatedVenues local = null;
        LiveEventEmitter.Endpoints endpoints;
        if (inProcess) {
            local = SimulatedVenues.start(graph.getIns(), market, rate);
            endpoints = local.endpoints();
        } else {
            List<String> command = new ArrayList<>();
            String simCpus = System.getProperty("featurizer.bench.simCpus");
            if (simCpus != null) {
                command.addAll(List.of("taskset", "-c", simCpus)); // Linux: the simulator on its own cores (run this JVM under taskset too)
            }
            String simNice = System.getProperty("featurizer.bench.simNice");
            if (simNice != null) {
                command.addAll(List.of("nice", "-n", simNice));
            }
            command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path")));
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("featurizer.sim.")) // the simulator's own options
                    .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
            command.addAll(List.of("io.featurizer.exchanges.sim.SimulatorMain", exchange, "spot", String.valueOf(rate), "BTC-USDT"));
            child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine();
            String[] parts = line.split(" ");
            endpoints = new LiveEventEmitter.Endpoints(Map.of(parts[0], URI.create(parts[1].substring(3))), Map.of(parts[0], URI.create(parts[2].substring(5))));
        }
        try {
            LiveEventEmitter emitter = new LiveEventEmitter(endpoints, 1 << 16, ReconnectPolicy.DEFAULT, 30_000, delivery);
            emitter.feed(graph);
            emitter.start();
            System.out.printf(Locale.ROOT, "JVM %s, %d CPUs; simulator %s at %,.0f messages/s, pacing %s; delivery %s; warm-up %d s, measuring %d s%n",
                    System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), exchange, rate, Pacing.fromSystemProperty(),
                    delivery, warmup, seconds);
            Thread.sleep(warmup * 1000L);
            long eventsBefore = emitter.stats().values().stream().mapToLong(s -> s.events()).sum();
            long[] gcBefore = collections();
            long allocatedBefore = allocatedBytes();
            long cpuBefore = cpuNanos(ProcessHandle.current());
            long simCpuBefore = child == null ? 0 : cpuNanos(child.toHandle());
            measuring[0] = true; // read on the delivery thread; a late switch only shortens the sample
            Thread.sleep(seconds * 1000L);
            measuring[0] = false;
            long allocated = allocatedBytes() - allocatedBefore;
            double cpu = (cpuNanos(ProcessHandle.current()) - cpuBefore) / 1e9 / seconds;
            double simCpu = child == null ? 0 : (cpuNanos(child.toHandle()) - simCpuBefore) / 1e9 / seconds;
            long[] gcAfter = collections();
            long events = emitter.stats().values().stream().mapToLong(s -> s.events()).sum() - eventsBefore;
            emitter.stop();
            System.out.printf(Locale.ROOT, "simulator %s; events received: %,d (%,.0f/s); combined vectors measured: %,d%n",
                    inProcess ? "in this JVM" : "in its own JVM", events, events / (double) seconds, vectors[0]);
            System.out.printf(Locale.ROOT, "latency frame receipt -> combined vector: p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(90) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                    latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
            System.out.printf(Locale.ROOT, "this JVM while measuring: %d GCs (%d ms), allocated %.1f MB/s (%.0f bytes per event)%n",
                    gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], allocated / 1e6 / seconds, allocated / (double) Math.max(1, events));
            System.out.printf(Locale.ROOT, "CPU while measuring: this JVM %.0f %% of a core%s%n", cpu * 100,
                    child == null ? "" : String.format(Locale.ROOT, ", simulator JVM %.0f %%", simCpu * 100));
            System.out.println("feeds: " + emitter.stats() + "; hand-off drops: " + emitter.droppedEvents());
        } finally {
            if (local != null) {
                local.close();
            }
            if (child != null) {
                child.destroy();
            }
        }
    }

    /** Collections so far and their total time in ms, over all collectors. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Bytes allocated so far by this JVM's live threads. */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }
}
