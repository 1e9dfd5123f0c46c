package io.featurizer.cli;

import io.featurizer.core.config.Durations;
import io.featurizer.core.config.FeaturizerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code featurizer demo}: the standard feature set over the synthetic market, in-process, no network. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the built-in features over a synthetic market in-process and print combined vectors and throughput.")
final class DemoCommand implements Runnable {
    @Option(names = "--market-time", defaultValue = "10m", description = "Market (event) time to simulate, e.g. 30s, 10m (default ${DEFAULT-VALUE}).")
    String marketTime;

    @Option(names = "--seed", defaultValue = "42", description = "Synthetic market seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--print-config", description = "Print the demo's feature config and exit.")
    boolean printConfig;

    /** A duration option, or a user error naming the option. */
    static long duration(String text, String option) {
        try {
            return Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError(option + ": " + e.getMessage());
        }
    }

    static String demoConfigText() {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void run() {
        String yaml = demoConfigText();
        if (printConfig) {
            System.out.print(yaml);
            return;
        }
        long nanos = duration(marketTime, "--market-time");
        FeaturizerConfig config = FeaturizerConfig.parse(yaml, "demo.yaml");
        new SyntheticRun(System.out).run(config, seed, nanos, 2, 120_000_000_000L);
    }
}
