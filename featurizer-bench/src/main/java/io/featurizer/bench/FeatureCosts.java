package io.featurizer.bench;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each library feature costs per input event (issue 14: "ns per input for each feature; none above 200 ns
 * at depth 25; a combined set of 30 features over one instrument still ≥ 2 M events/s in-process").
 *
 * <p>One tape of a synthetic BTC-USDT market (2,000 book messages and 400 trades per second of market time,
 * a 50-level book) is replayed through a fresh graph per measurement, on this thread. A feature's cost is
 * the ns per input of a graph over it (its whole subtree) minus that of a graph over its children (or of the
 * tape's decode loop alone when its children are data sources): what adding it to a graph that already has
 * its inputs costs. Each graph first plays the whole tape once (windows fill, the JIT settles), then the best
 * of {@code runs} passes is kept. Then every feature of the config together, with combined outputs.
 *
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.FeatureCosts [config.yaml] [events] [runs] [together]</pre>
 * {@code together}: only the whole set, with combined outputs ({@code -Dfeaturizer.bench.uncombined=true}: without, to see
 * what the combined vector costs).
 * Without a config: the bundled {@code feature-costs.yaml} (the single-instrument features of the library);
 * {@code feature-costs-30.yaml} names the bundled set of its first 30.
 */
public final class FeatureCosts {
    private final MarketTape tape;
    private final Feature book;
    private final Feature trades;
    private final int events;
    private final int runs;

    private FeatureCosts(FeaturizerConfig config, int events, int runs) {
        Feature b = null;
        Feature t = null;
        for (Feature in : FeatureStreamGraph.builder(config).build().getIns()) {
            String channel = ((DataSourceDefinition) in.definition()).channel();
            if (channel.equals("l2_book") && b == null) {
                b = in;
            } else if (channel.equals("trades") && t == null) {
                t = in;
            } else {
                throw new IllegalArgumentException("FeatureCosts reads one instrument's l2_book and trades; the config also reads " + in.name());
            }
        }
        this.book = b;
        this.trades = t;
        this.events = events;
        this.runs = runs;
        // tape sources: 0 = the book, 1 = the trades
        this.tape = MarketTape.record(SyntheticMarket.Config.defaults(42).withRates(2_000, 400, 0), events, 0, 1, -1);
    }

    /** Best ns per input event over {@code runs} passes of a graph over {@code features} (the decode loop alone when empty). */
    private double nsPerEvent(List<Feature> features, boolean combined) {
        if (features.isEmpty()) {
            double best = Double.MAX_VALUE;
            tape.rewind();
            tape.skim(events);
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                tape.skim(events);
                best = Math.min(best, (System.nanoTime() - t0) / (double) events);
            }
            return best;
        }
        FeatureStreamGraph.Builder b = FeatureStreamGraph.builder(features);
        if (combined) {
            b.combineOutputs(v -> { });
        }
        FeatureStreamGraph graph = b.build();
        int[] map = {index(graph, book), index(graph, trades)};
        tape.rewind();
        tape.play(graph, events, map);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            tape.play(graph, events, map);
            best = Math.min(best, (System.nanoTime() - t0) / (double) events);
        }
        return best;
    }

    private static int index(FeatureStreamGraph graph, Feature source) {
        return source != null && graph.getIns().contains(source) ? graph.sourceIndex(source) : -1;
    }

    private static List<Feature> innerChildren(Feature f) {
        List<Feature> out = new ArrayList<>();
        for (Feature c : f.children()) {
            if (!c.isDataSource()) {
                out.add(c);
            }
        }
        return out;
    }

    /** A config file, or a set bundled with the benches: feature-costs.yaml, feature-costs-30.yaml. */
    static FeaturizerConfig config(String name) throws IOException {
        return FeatureCosts.class.getResource(name) != null && !java.nio.file.Files.exists(Path.of(name))
                ? FeaturizerConfig.parse(resource(name), name)
                : FeaturizerConfig.load(Path.of(name));
    }

    public static void main(String[] args) throws IOException {
        FeaturizerConfig config = config(args.length > 0 && !args[0].isEmpty() ? args[0] : "feature-costs.yaml");
        int events = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 2_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.println(Machine.describe());
        FeatureCosts costs = new FeatureCosts(config, events, runs);
        System.out.printf(Locale.ROOT, "tape: %,d events (%,d book messages, %,d trades), %d runs per graph after one warm pass%n%n",
                events, costs.tape.count(SyntheticMarket.Channel.L2_BOOK), costs.tape.count(SyntheticMarket.Channel.TRADES), runs);
        costs.nsPerEvent(config.features(), true); // warms the JIT on every operator before anything is measured
        if (args.length > 3 && args[3].equals("together")) { // the set together only (profiling, subsets)
            double all = costs.nsPerEvent(config.features(), !Boolean.getBoolean("featurizer.bench.uncombined"));
            System.out.printf(Locale.ROOT, "all %d features together: %.1f ns per input = %.2f M events/s; load average %s%n",
                    config.features().size(), all, 1e3 / all, Machine.loadAverage());
            return;
        }
        System.out.println("| feature | definition | ns per input, graph | ns per input, its inputs | ns per input, the feature |");
        System.out.println("|---|---|---:|---:|---:|");
        double worst = 0;
        String worstName = "";
        for (Feature f : config.features()) {
            double full = costs.nsPerEvent(List.of(f), false);
            double base = costs.nsPerEvent(innerChildren(f), false);
            double own = full - base;
            if (own > worst) {
                worst = own;
                worstName = f.name();
            }
            System.out.printf(Locale.ROOT, "| %s | `%s` | %.1f | %.1f | **%.1f** |%n", f.name(), f.definition().name(), full, base, own);
        }
        double all = costs.nsPerEvent(config.features(), true);
        System.out.printf(Locale.ROOT, "%nmost expensive: %s, %.1f ns per input%n", worstName, worst);
        System.out.printf(Locale.ROOT, "all %d features together, one combined vector per input that changed one: %.1f ns per input = %.2f M events/s%n",
                config.features().size(), all, 1e3 / all);
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static String resource(String name) {
        try (InputStream in = FeatureCosts.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
