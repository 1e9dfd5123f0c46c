package io.featurizer.bench;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ns and allocated bytes per input of each {@code derivatives.*} feature, alone in a graph, over a tape of
 * derivative tickers (one every 100 ms of event time, mark, index, funding and open interest moving) or
 * liquidations (every 50 ms on average). The tape is built once (event copies, not measured); each feature
 * gets a warm-up pass, then the measured passes replay it with shifted timestamps so windows stay full.
 *
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.DerivativesCosts [events] [passes]</pre>
 */
public final class DerivativesCosts {
    private DerivativesCosts() {
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Feature ticker = Features.derivativeTicker("BINANCE_FUTURES", "perpetual", "BTC-USDT");
        Feature liquidations = Features.liquidations("BINANCE_FUTURES", "perpetual", "BTC-USDT");
        Event[] tickers = tickerTape(events, 7);
        Event[] liquidationTape = liquidationTape(events, 11);
        System.out.printf("%-40s %10s %14s%n", "feature", "ns/input", "bytes/input");
        run("derivatives.funding_annualized", Features.feature("derivatives.funding_annualized", Map.of(), ticker), tickers, passes);
        run("derivatives.mark_index_basis", Features.feature("derivatives.mark_index_basis", Map.of(), ticker), tickers, passes);
        run("derivatives.open_interest_change 1m", Features.feature("derivatives.open_interest_change", Map.of("window", "1m"), ticker), tickers, passes);
        run("derivatives.liquidation_volume 1m", Features.feature("derivatives.liquidation_volume", Map.of("window", "1m"), liquidations),
                liquidationTape, passes);
    }

    static Event[] tickerTape(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Event[] tape = new Event[n];
        double mark = 30_000, oi = 50_000, funding = 0.0001;
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += 100_000_000L;
            mark += r.nextInt(-5, 6) * 0.1;
            oi += r.nextInt(-20, 21);
            if (r.nextInt(50) == 0) {
                funding += r.nextInt(-2, 3) * 0.00001;
            }
            tape[i] = new DerivativeTicker().set(t, t, funding, Double.NaN, t + 3_600_000_000_000L, oi, mark, mark - r.nextInt(30) * 0.1,
                    mark + 0.1);
        }
        return tape;
    }

    static Event[] liquidationTape(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Event[] tape = new Event[n];
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += r.nextLong(100_000_000L);
            tape[i] = new Liquidation().set(t, t, r.nextBoolean() ? Side.BUY : Side.SELL, 30_000 + r.nextInt(1000) * 0.5,
                    r.nextInt(1, 10_000) / 1000.0, i);
        }
        return tape;
    }

    private static void run(String name, Feature feature, Event[] tape, int passes) {
        FeatureStreamGraph graph = FeatureStreamGraph.builder(List.of(feature)).build();
        double[] sink = new double[1];
        graph.getStream(feature).subscribe((f, e) -> sink[0] += e.getDouble(0));
        long span = tape[tape.length - 1].ts() - tape[0].ts() + 1_000_000_000L;
        play(graph, tape, 0); // warm-up: windows fill, buffers reach their size, the JIT settles
        play(graph, tape, span);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long bytes = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            play(graph, tape, (p + 2) * span);
        }
        long elapsed = System.nanoTime() - start;
        long allocated = threads.getThreadAllocatedBytes(thread) - bytes;
        long inputs = (long) passes * tape.length;
        System.out.printf("%-40s %10.1f %14.4f   (checksum %.3g)%n", name, (double) elapsed / inputs, (double) allocated / inputs, sink[0]);
    }

    /** Replays the tape with every time shifted by {@code shift}, so a later pass continues the earlier one. */
    private static void play(FeatureStreamGraph graph, Event[] tape, long shift) {
        for (Event e : tape) {
            e.setTimes(e.ts() + shift, e.receiptTs() + shift);
            graph.emit(0, e);
            e.setTimes(e.ts() - shift, e.receiptTs() - shift);
        }
    }
}
