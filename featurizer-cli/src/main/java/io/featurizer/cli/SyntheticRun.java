package io.featurizer.cli;

import io.featurizer.core.text.Durations;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticFeed;
import io.featurizer.core.synthetic.SyntheticMarket;

import java.io.PrintStream;
import java.util.Locale;

/** Runs a config's features over the synthetic market, printing some combined vectors and a throughput line. */
final class SyntheticRun {
    private final PrintStream out;
    private long vectors;
    private long printed;
    private long nextPrintTs = Long.MIN_VALUE;

    SyntheticRun(PrintStream out) {
        this.out = out;
    }

    /**
     * @param marketNanos how much market (event) time to simulate
     * @param printFirst  how many of the first complete vectors to print
     * @param printEvery  then print one vector per this much market time (0: none)
     */
    void run(FeaturizerConfig config, long seed, long marketNanos, int printFirst, long printEvery) {
        SyntheticMarket.Config mc = SyntheticMarket.Config.defaults(seed);
        if (config.startNanos() != null) {
            mc = mc.withStart(config.startNanos());
        }
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(g -> onVector(g, printFirst, printEvery)).build();
        SyntheticFeed feed = new SyntheticFeed(graph, new SyntheticMarket(mc));
        out.printf(Locale.ROOT, "running %d features (%d inputs) over %s of synthetic market (seed %d)%n%n",
                graph.getOuts().size(), graph.getIns().size(), Durations.format(marketNanos), seed);
        long t0 = System.nanoTime();
        long events = feed.runUntil(mc.startNanos() + marketNanos);
        long elapsed = System.nanoTime() - t0;
        out.printf(Locale.ROOT, "processed %,d input events in %.3f s: %,.0f events/s; %,d combined vectors%n"
                        + "(generating the synthetic market included, cold JVM; the engine alone: BENCHMARKS.md)%n",
                events, elapsed / 1e9, events / (elapsed / 1e9), vectors);
    }

    private void onVector(GroupedNamedDataEvent g, int printFirst, long printEvery) {
        vectors++;
        boolean print = printed < printFirst || (printEvery > 0 && g.ts() >= nextPrintTs);
        if (print) {
            printed++;
            nextPrintTs = (printEvery > 0 ? Math.floorDiv(g.ts(), printEvery) * printEvery + printEvery : Long.MAX_VALUE);
            out.println(VectorFormat.format(g));
        }
    }
}
