package io.featurizer.cli;

import io.featurizer.core.text.Durations;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.sim.SimulatedVenues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code featurizer demo}: the standard feature set on the full live path, with no internet: a local
 * exchange simulator on loopback speaks the venue's wire format, and the features run on what arrives
 * over the WebSocket (WebSocket, normalizer, book, features, combined vectors). Meanwhile it records the
 * inputs the graph takes and, at the end, replays the recording through a fresh graph and compares every
 * combined vector with the live one ({@link ReplayParity}); exit code 1 if any differs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the standard features live against a local exchange simulator (loopback, no internet) and print combined vectors, latency and feed counters; "
                + "the inputs are recorded meanwhile and finally replayed through the same features, and every combined vector is compared with the live one "
                + "(exit code 1 if any differs).")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DeliveryOption delivery;

    @Option(names = "--duration", defaultValue = "10s", description = "How long to run (default ${DEFAULT-VALUE}).")
    String duration;

    @Mixin
    SimulatorOptions simulator;

    @Option(names = "--print-every", defaultValue = "2s", description = "Print one combined vector per this much time; 0s never prints one (default ${DEFAULT-VALUE}).")
    String printEvery;

    @Option(names = "--storage", description = "Keep the recording in this folder (new or empty) instead of a temporary one deleted at the end.")
    Path storage;

    @Option(names = "--print-config", description = "Print the demo's feature config and exit.")
    boolean printConfig;

    @Option(names = {"-c", "--config"}, description = "Run this feature config instead of the standard set (its venues, instruments and "
            + "data sources served by the simulator; symbols: '*' lists the simulator's), with the same live-versus-replay check.")
    Path config;

    /** A duration option, or a user error naming the option. */
    static long duration(String text, String option) {
        try {
            return Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError(option + ": " + e.getMessage());
        }
    }

    /** {@code --print-every}: a duration, or 0 (any unit, e.g. {@code 0s}) for "never print a vector". */
    static long printEvery(String text) {
        if (text.strip().matches("0+(\\.0*)?[a-zA-Z]*")) {
            return 0;
        }
        return duration(text, "--print-every");
    }

    /** A config for the simulators: its symbols may be '*', which lists the simulator's. */
    static FeaturizerConfig simulatorConfig(Path file) {
        return FeaturizerConfig.load(file, new io.featurizer.exchanges.sim.SimulatorListing());
    }

    static String demoConfigText() {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Integer call() {
        String yaml = demoConfigText();
        if (printConfig) {
            System.out.print(yaml);
            return 0;
        }
        DeliveryMode mode = delivery.mode(true); // the recording of the inputs writes files
        long runFor = duration(duration, "--duration");
        long every = printEvery(printEvery);
        simulator.check();
        FeaturizerConfig config = this.config == null ? FeaturizerConfig.parse(yaml, "demo.yaml")
                : simulatorConfig(this.config);
        try (ReplayParity parity = ReplayParity.open(config, storage, System.out)) {
            LiveRun run = new LiveRun(System.out, parity);
            FeatureStreamGraph graph = run.graph(config, every);
            try (SimulatedVenues venues = simulator.start(graph, System.out)) {
                LiveEventEmitter emitter = new LiveEventEmitter(venues.endpoints(), mode);
                run.run(graph, emitter, runFor);
            }
            return parity.passed() ? 0 : 1;
        }
    }
}
