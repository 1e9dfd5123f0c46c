package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code featurizer run --config x.yaml}: a config's features over the synthetic market. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a config's features over the synthetic market (no network) and print combined vectors.")
final class RunCommand implements Runnable {
    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    Path config;

    @Option(names = "--market-time", defaultValue = "1m", description = "Market (event) time to simulate (default ${DEFAULT-VALUE}).")
    String marketTime;

    @Option(names = "--seed", defaultValue = "42", description = "Synthetic market seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--print", defaultValue = "3", description = "How many combined vectors to print (default ${DEFAULT-VALUE}).")
    int print;

    @Override
    public void run() {
        long nanos = DemoCommand.duration(marketTime, "--market-time");
        try {
            new SyntheticRun(System.out).run(FeaturizerConfig.load(config, new io.featurizer.exchanges.sim.SimulatorListing()), seed, nanos, print, 0);
        } catch (IllegalArgumentException e) {
            if (e instanceof io.featurizer.core.config.ConfigException) {
                throw e;
            }
            throw new FeaturizerCli.UserError(config + ": " + e.getMessage());
        }
    }
}
