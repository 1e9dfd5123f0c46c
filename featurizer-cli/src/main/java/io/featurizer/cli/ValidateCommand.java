package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code featurizer validate --config x.yaml}: loads a config and prints its feature trees with keys. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a config and print its feature trees and keys.")
final class ValidateCommand implements Runnable {
    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    Path config;

    @Override
    public void run() {
        FeaturizerConfig c = FeaturizerConfig.load(config);
        System.out.println(config + ": " + c.features().size() + " feature(s)");
        for (Feature f : c.features()) {
            print(f, 1);
        }
    }

    private static void print(Feature f, int indent) {
        System.out.println("  ".repeat(indent) + f.name() + "  [" + f.definition().name() + " " + f.params() + "]  key=" + f.key());
        for (Feature child : f.children()) {
            print(child, indent + 1);
        }
    }
}
