package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.Clock;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.LiveEventEmitter;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs a config's graph on a live emitter until Ctrl-C or a time limit: prints a combined vector now
 * and then, and at the end the vectors delivered, the latency from frame receipt to combined vector
 * (p50/p99/p99.9) and each feed's counters.
 */
final class LiveRun {
    /**
     * Something riding along a live run (the demo's replay parity check): it wires the graph to the
     * emitter in place of {@code emitter.feed(graph)}, sees every combined vector after the run's own
     * bookkeeping, and finishes after the summary, before a Ctrl-C lets the JVM exit.
     */
    interface Tap {
        void feed(FeatureStreamGraph graph, LiveEventEmitter emitter);

        void onCombined(GroupedNamedDataEvent vector);

        void finish();
    }

    private static final Tap NONE = new Tap() {
        @Override
        public void feed(FeatureStreamGraph graph, LiveEventEmitter emitter) {
            emitter.feed(graph);
        }

        @Override
        public void onCombined(GroupedNamedDataEvent vector) {
        }

        @Override
        public void finish() {
        }
    };

    private final PrintStream out;
    private final Tap tap;
    private final Histogram latency = new Histogram(1_000, 60_000_000_000L, 3); // ns, 1 µs .. 60 s
    private long vectors;
    private long lastPrint = Long.MIN_VALUE;

    LiveRun(PrintStream out) {
        this(out, NONE);
    }

    LiveRun(PrintStream out, Tap tap) {
        this.out = out;
        this.tap = tap;
    }

    /** @param printEveryNanos print at most one vector per this much time; 0 prints none */
    FeatureStreamGraph graph(FeaturizerConfig config, long printEveryNanos) {
        return FeatureStreamGraph.builder(config).combineOutputs((GroupedNamedDataEvent g) -> {
            long now = Clock.nowNanos();
            latency.recordValue(Math.max(1_000, Math.min(now - g.receiptTs(), latency.getHighestTrackableValue())));
            vectors++;
            long t = System.nanoTime();
            if (printEveryNanos > 0 && (lastPrint == Long.MIN_VALUE || t - lastPrint >= printEveryNanos)) { // 0: never
                lastPrint = t;
                out.println(VectorFormat.format(g));
            }
            tap.onCombined(g);
        }).build();
    }

    void run(FeatureStreamGraph graph, LiveEventEmitter emitter, long stopAfterNanos) {
        try {
            tap.feed(graph, emitter);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError(e.getMessage());
        }
        StopSignal signal = new StopSignal(emitter::stop, 5);
        long t0 = System.nanoTime();
        emitter.start();
        String refused = awaitStop(signal, emitter, stopAfterNanos);
        emitter.stop();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long inputs = 0;
        for (int i = 0; i < graph.getIns().size(); i++) {
            inputs += graph.inputCount(i);
        }
        out.printf(Locale.ROOT, "%,d input events (%,.0f/s) and %,d combined vectors in %.1f s%n", inputs, inputs / seconds, vectors, seconds);
        if (latency.getTotalCount() > 0) {
            out.printf(Locale.ROOT, "latency frame receipt -> combined vector: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                    latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
        }
        out.println(emitter.deliveryMode() == DeliveryMode.INLINE ? "delivery: inline (the features ran on the socket readers)"
                : "delivery: hand-off (the features ran on a delivery thread behind a bounded queue)");
        emitter.stats().forEach((venue, s) -> out.println("feed " + venue + ": " + s));
        if (emitter.droppedEvents() > 0) {
            out.println("hand-off drops: " + emitter.droppedEvents());
        }
        out.flush();
        try {
            tap.finish();
        } finally {
            signal.close();
        }
        if (refused != null) {
            throw new FeaturizerCli.UserError(refused);
        }
    }

    /**
     * Waits for the time limit or Ctrl-C, or until a feed turns out to have no subscription the venue accepted:
     * then returns the venue's reason ({@link LiveEventEmitter#refusedFeed()}), else null.
     */
    static String awaitStop(StopSignal signal, LiveEventEmitter emitter, long limitNanos) {
        long deadline = System.nanoTime() + limitNanos;
        while (emitter.isRunning()) {
            long left = limitNanos > 0 ? deadline - System.nanoTime() : Long.MAX_VALUE;
            if (left <= 0) {
                return null;
            }
            signal.await(Math.min(left, 200_000_000L));
            String refused = emitter.refusedFeed();
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }
}
