package io.featurizer.bench;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.Clock;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.live.ReconnectPolicy;
import io.featurizer.exchanges.sim.SimulatorListing;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Live load over a universe: the live path of {@code featurizer live} (WebSocket → decoder → book → features →
 * combined vectors) over {@code symbols} symbols on each of {@code venues} venues of the local exchange simulator,
 * each symbol at {@code rate} book messages/s. Features per symbol: mid price (top 5 of the book) and its 1-minute
 * volatility, {@code for_each} over a universe per venue ({@code symbols: '*'}: the simulator's listing, whose 100
 * symbols are the default). Each venue's simulator runs in its own JVM (a venue's gateway is elsewhere).
 * Reports: events received and the rate, drops (hand-off drops, resyncs), frame-to-vector latency (combined-vector
 * callback minus the frame's receipt time) p50/p99/p99.9/max, CPU of this JVM and of the simulators, heap used
 * (sampled every 100 ms: max) and GCs.
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.UniverseLiveLoad [venues=1] [symbols=100] [rate=200] [seconds=30] [warmup=10]</pre>
 * Venues in order: BINANCE, OKX, BYBIT spot, BINANCE_FUTURES perpetual. Delivery inline, as {@code featurizer live}
 * picks by default; {@code -Dfeaturizer.live.delivery=hand-off} for the hand-off.
 */
public final class UniverseLiveLoad {
    /**
     * Venues in order, with their instrument type (the four of the published figures; COINBASE's simulated feed
     * resynchronised once a connection carried several products, fixed since, see BENCHMARKS.md).
     */
    static final List<String> VENUES = List.of("BINANCE", "OKX", "BYBIT", "BINANCE_FUTURES");
    static final List<String> TYPES = List.of("spot", "spot", "spot", "perpetual");

    private UniverseLiveLoad() {
    }

    static String config(int venues, int symbols) {
        StringBuilder y = new StringBuilder("universe:\n");
        String list = symbols == SimulatorListing.SYMBOLS.size() ? "'*'" : "[" + String.join(", ", SimulatorListing.SYMBOLS.subList(0, symbols)) + "]";
        for (int v = 0; v < venues; v++) {
            y.append("  ").append(VENUES.get(v).toLowerCase(Locale.ROOT)).append(": {exchange: ").append(VENUES.get(v))
                    .append(", instrument_type: ").append(TYPES.get(v)).append(", symbols: ").append(list).append("}\n");
        }
        y.append("feature_configs:\n");
        for (int v = 0; v < venues; v++) {
            String u = VENUES.get(v).toLowerCase(Locale.ROOT);
            y.append("""
                      - feature_definition: price.mid_price_fd
                        name: mid_%1$s
                        for_each: %1$s
                        params: {feature: {1: {depth: 5}}}
                      - feature_definition: volatility.volatility_stddev_fd
                        name: vol_%1$s
                        for_each: %1$s
                        params: {feature: {0: {window: 1m}, 2: {depth: 5}}}
                    """.formatted(u));
        }
        return y.toString();
    }

    public static void main(String[] args) throws Exception {
        int venues = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 200;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        FeaturizerConfig config = FeaturizerConfig.parse(config(venues, symbols), "universe-live.yaml", new SimulatorListing());
        Histogram latency = new Histogram(1_000, 60_000_000_000L, 3);
        boolean[] measuring = {false};
        long[] vectors = {0};
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(g -> {
            if (measuring[0]) {
                latency.recordValue(Math.max(1_000, Math.min(Clock.nowNanos() - g.receiptTs(), latency.getHighestTrackableValue())));
                vectors[0]++;
            }
        }).build();
        // INLINE is what `featurizer live` picks by default (--delivery auto) when only the features consume the events
        DeliveryMode delivery = DeliveryMode.valueOf(System.getProperty("featurizer.live.delivery", "INLINE").toUpperCase(Locale.ROOT).replace('-', '_'));

        List<Process> simulators = new ArrayList<>();
        Map<String, URI> ws = new LinkedHashMap<>();
        Map<String, URI> rest = new LinkedHashMap<>();
        try {
            for (int v = 0; v < venues; v++) {
                List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                        System.getProperty("java.class.path")));
                System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("featurizer.sim."))
                        .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
                command.addAll(List.of("io.featurizer.exchanges.sim.SimulatorMain", VENUES.get(v), TYPES.get(v), String.valueOf(simulatorRate(rate))));
                command.addAll(config.universes().get(v).symbols());
                Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                simulators.add(child);
                String[] parts = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine().split(" ");
                ws.put(parts[0], URI.create(parts[1].substring(3)));
                rest.put(parts[0], URI.create(parts[2].substring(5)));
            }
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(ws, rest), 1 << 16, ReconnectPolicy.DEFAULT, 30_000, delivery);
            emitter.feed(graph);
            emitter.start();
            System.out.printf(Locale.ROOT, "JVM %s, %d CPUs, load average %s; %d venue(s) x %d symbols x %.0f messages/s = %,.0f messages/s; "
                            + "%d features, %d inputs; delivery %s; warm-up %d s, measuring %d s%n", System.getProperty("java.vm.version"),
                    Runtime.getRuntime().availableProcessors(), Machine.loadAverage(), venues, symbols, rate, venues * symbols * rate,
                    config.features().size(), graph.getIns().size(), delivery, warmup, seconds);
            Thread.sleep(warmup * 1000L);
            long eventsBefore = events(emitter);
            long framesBefore = frames(emitter);
            long cpuBefore = cpuNanos(ProcessHandle.current());
            long simCpuBefore = simulators.stream().mapToLong(p -> cpuNanos(p.toHandle())).sum();
            long gcBefore = gcCount();
            measuring[0] = true;
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapMax = 0;
            for (int i = 0; i < seconds * 10; i++) {
                Thread.sleep(100);
                heapMax = Math.max(heapMax, memory.getHeapMemoryUsage().getUsed());
            }
            measuring[0] = false;
            double cpu = (cpuNanos(ProcessHandle.current()) - cpuBefore) / 1e9 / seconds;
            double simCpu = (simulators.stream().mapToLong(p -> cpuNanos(p.toHandle())).sum() - simCpuBefore) / 1e9 / seconds;
            long events = events(emitter) - eventsBefore;
            long frames = frames(emitter) - framesBefore;
            long resyncs = emitter.stats().values().stream().mapToLong(FeedStats::resyncs).sum();
            long gcs = gcCount() - gcBefore;
            emitter.stop();
            System.out.printf(Locale.ROOT, "frames received %,d (%,.0f/s of %,.0f sent/s), normalized events %,d; combined vectors measured %,d%n",
                    frames, frames / (double) seconds, venues * symbols * rate, events, vectors[0]);
            System.out.printf(Locale.ROOT, "drops: hand-off %d, book resyncs %d (whole run)%n", emitter.droppedEvents(), resyncs);
            System.out.println("feeds: " + emitter.stats());
            System.out.printf(Locale.ROOT, "latency frame receipt -> combined vector: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3,
                    latency.getMaxValue() / 1e3);
            System.out.printf(Locale.ROOT, "CPU: this JVM %.0f %% of a core, simulators %.0f %%; heap used max %.0f MB (of %.0f MB max), %d GCs; load average %s%n",
                    cpu * 100, simCpu * 100, heapMax / 1e6, memory.getHeapMemoryUsage().getMax() / 1e6, gcs, Machine.loadAverage());
        } finally {
            simulators.forEach(Process::destroy);
        }
    }

    /**
     * The rate argument of {@code SimulatorMain} that sends {@code rate} book messages/s per symbol: its simulator steps
     * at that rate and every step advances every symbol's market by one event, of which book messages are 2000 of every
     * 2600 (its market's channel rates; trades and tickers are not subscribed here).
     */
    static double simulatorRate(double rate) {
        return rate * 2600.0 / 2000.0;
    }

    static long events(LiveEventEmitter emitter) {
        return emitter.stats().values().stream().mapToLong(FeedStats::events).sum();
    }

    static long frames(LiveEventEmitter emitter) {
        return emitter.stats().values().stream().mapToLong(FeedStats::frames).sum();
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionCount())).sum();
    }

    static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
}
