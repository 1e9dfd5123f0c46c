package io.featurizer.serve.inference;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticFeed;
import io.featurizer.core.synthetic.SyntheticMarket;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the inference hook costs the engine thread (BENCHMARKS.md, "Inference hook"); a harness, not a test:
 * <ol>
 *   <li>one offer every 20 µs / 200 µs (a live feed's pace) to a fast model, its thread polling (default) or woken by the
 *   engine: percentiles of the time {@code offer} takes;</li>
 *   <li>the example config over 10 minutes of synthetic market as fast as it runs, without and with the hook (a model
 *   held still, so only the engine's side is measured): ns per combined vector.</li>
 * </ol>
 */
public final class InferenceOfferCost {
    public static void main(String[] args) throws Exception {
        for (long poll : new long[]{InferenceLoop.DEFAULT_POLL_NANOS, 0}) {
            for (long gapMicros : new long[]{20, 200}) {
                sparse(poll, gapMicros);
            }
        }
        flatOut(FeaturizerConfig.load(Path.of(args.length > 0 ? args[0] : "../examples/inference-logreg.yaml")));
        System.exit(0);
    }

    static void sparse(long pollNanos, long gapMicros) {
        MidVectors vectors = new MidVectors();
        List<Feature> mid = MidVectors.FEATURES;
        InferenceModel m = new InferenceModel() {
            @Override
            public String name() {
                return "m";
            }

            @Override
            public List<String> outputs() {
                return List.of("x");
            }

            @Override
            public void predict(GroupedNamedDataEvent g, double[] out) {
                out[0] = g.event(0).getDouble(0) * 2;
            }
        };
        InferenceLoop loop = new InferenceLoop(m, mid, ModelFeature.of("m", List.of("x"), "v", mid), (f, in, s, o) -> { }, pollNanos);
        int n = 20_000;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long until = System.nanoTime() + gapMicros * 1000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            GroupedNamedDataEvent v = vectors.next(i);
            long t0 = System.nanoTime();
            loop.offer(v, i);
            t[i] = System.nanoTime() - t0;
        }
        loop.close();
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "offer every %3d us, model thread %-20s p50 %,7d ns  p99 %,8d ns  p99.9 %,9d ns  (%s)%n", gapMicros,
                pollNanos > 0 ? "polls every " + pollNanos / 1000 + " us:" : "woken by the engine:", t[n / 2], t[n * 99 / 100], t[n * 999 / 1000], loop.stats());
    }

    static void flatOut(FeaturizerConfig c) {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        InferenceModel held = new InferenceModel() {
            @Override
            public String name() {
                return "held";
            }

            @Override
            public List<String> outputs() {
                return List.of("x");
            }

            @Override
            public void predict(GroupedNamedDataEvent g, double[] out) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        InferenceHook hook = new InferenceHook(c.features(), List.of(held), List.of("v"), null);
        for (int round = 0; round < 8; round++) {
            boolean use = round % 2 == 1;
            long[] n = new long[1];
            FeatureStreamGraph g = FeatureStreamGraph.builder(c).combineOutputs((GroupedNamedDataEvent v) -> {
                n[0]++;
                if (use) {
                    hook.onVector(v, n[0]);
                }
            }).build();
            SyntheticMarket.Config mc = SyntheticMarket.Config.defaults(1);
            SyntheticFeed feed = new SyntheticFeed(g, new SyntheticMarket(mc));
            long t0 = System.nanoTime();
            feed.runUntil(mc.startNanos() + 600_000_000_000L);
            long el = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "%d features over 10 min of synthetic market %s: %,d vectors, %.0f ns per vector%n", c.features().size(),
                    use ? "with the hook" : "without hook ", n[0], (double) el / n[0]);
        }
    }
}
