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

    @picocli.CommandLine.Mixin
    StorageOptions storage;

    @Option(names = "--symbols-from", description = "Where a universe's symbols: '*' comes from: storage (what --storage holds) or simulator "
            + "(what the local exchange simulator lists); without it a '*' is an error.")
    String symbolsFrom;

    @Override
    public void run() {
        io.featurizer.core.config.SymbolListing listing = io.featurizer.core.config.SymbolListing.NONE;
        if (symbolsFrom != null) {
            listing = switch (symbolsFrom) {
                case "storage" -> storage.symbolListing();
                case "simulator" -> new io.featurizer.exchanges.sim.SimulatorListing();
                default -> throw new FeaturizerCli.UserError("--symbols-from '" + symbolsFrom + "': expected storage or simulator"
                        + io.featurizer.core.text.NearestName.suggestion(symbolsFrom, java.util.List.of("storage", "simulator")));
            };
        }
        FeaturizerConfig c = FeaturizerConfig.load(config, listing);
        for (io.featurizer.core.config.Universe u : c.universes()) {
            System.out.println("universe " + u.name() + ": " + u.exchange() + " " + u.instrumentType() + ", " + u.symbols().size()
                    + " symbol(s): " + String.join(", ", u.symbols()));
        }
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
