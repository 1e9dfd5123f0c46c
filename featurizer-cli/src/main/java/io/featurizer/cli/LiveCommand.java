package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.offline.VectorJsonLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code featurizer live --config x.yaml}: a config's features on live venue feeds, printing combined vectors. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Run a config's features on live venue feeds and print combined vectors (Ctrl-C stops cleanly).")
final class LiveCommand implements Runnable {
    @Mixin
    DeliveryOption delivery;

    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    Path config;

    @Option(names = "--venue-url", description = "EXCHANGE=ws://host:port/path (or wss://): where a venue's WebSocket is; "
            + "EXCHANGE must be one the config uses (repeatable).")
    List<String> venueUrls = List.of();

    @Option(names = "--rest-url", description = "EXCHANGE=http://host:port/ (or https://): where a venue's REST API is (repeatable).")
    List<String> restUrls = List.of();

    @Option(names = "--print-every", defaultValue = "1s", description = "Print at most one combined vector per this much time; 0s never prints one "
            + "(default ${DEFAULT-VALUE}).")
    String printEvery;

    @Option(names = "--duration", description = "Stop after this long (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--out", description = "Also write every combined vector to this file as JSON lines, as 'replay --out' does; "
            + "written under a temporary name beside it and renamed when the run stops.")
    Path out;

    @Override
    public void run() {
        DeliveryMode mode = delivery.mode(out != null);
        FeaturizerConfig c = FeaturizerConfig.load(config);
        long every = DemoCommand.printEvery(printEvery);
        long stopAfter = duration == null ? 0 : DemoCommand.duration(duration, "--duration");
        LiveEventEmitter emitter = new LiveEventEmitter(VenueUrls.endpoints(c, venueUrls, restUrls), mode);
        if (out == null) {
            LiveRun run = new LiveRun(System.out);
            run.run(run.graph(c, every), emitter, stopAfter);
            return;
        }
        try (AtomicOutput file = AtomicOutput.create(out, "--out", "vectors.jsonl");
             Writer w = Files.newBufferedWriter(file.temp(), StandardCharsets.UTF_8)) {
            VectorLog log = new VectorLog(new VectorJsonLines(w, c.features()));
            LiveRun run = new LiveRun(System.out, log);
            run.run(run.graph(c, every), emitter, stopAfter);
            log.close();
            w.close();
            file.commit();
            System.out.println("wrote " + log.written + " combined vectors -> " + out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the vectors to " + out, e);
        }
    }

    /** Writes every combined vector of a live run (on the thread that delivers them); keeps the first write error for the end. */
    private static final class VectorLog implements LiveRun.Tap {
        private final VectorJsonLines lines;
        private IOException failed;
        long written;

        VectorLog(VectorJsonLines lines) {
            this.lines = lines;
        }

        @Override
        public void feed(FeatureStreamGraph graph, LiveEventEmitter emitter) {
            emitter.feed(graph);
        }

        @Override
        public void onCombined(GroupedNamedDataEvent vector) {
            if (failed == null) {
                try {
                    lines.write(vector);
                    written++;
                } catch (IOException e) {
                    failed = e;
                }
            }
        }

        @Override
        public void finish() {
        }

        void close() throws IOException {
            if (failed != null) {
                throw failed;
            }
            lines.close();
        }
    }
}
