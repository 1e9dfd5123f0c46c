package io.featurizer.cli;

import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.sim.SimulatedVenues;
import picocli.CommandLine.Option;

import java.io.PrintStream;

/** {@code --rate} and {@code --seed} of the local exchange simulators, and their start (a picocli mixin: demo, serve --simulator). */
final class SimulatorOptions {
    @Option(names = "--rate", defaultValue = "5000", description = "Messages per second the local simulator sends per symbol (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Synthetic market seed of the local simulator (default ${DEFAULT-VALUE}).")
    long seed;

    /** A user error unless the rate is positive; before anything starts. */
    void check() {
        if (!(rate > 0)) {
            throw new FeaturizerCli.UserError("--rate must be > 0 messages per second");
        }
    }

    /** Starts a local simulator for every venue the graph reads, and prints where each listens. */
    SimulatedVenues start(FeatureStreamGraph graph, PrintStream out) {
        check();
        // 260 events per second of market time, sent at --rate per second of wall time: a minute of
        // market (the OHLCV bar, the volatility window) passes in a few seconds.
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(seed).withRates(200, 40, 20);
        SimulatedVenues venues = SimulatedVenues.start(graph.getIns(), market, rate);
        venues.simulators().forEach((exchange, sim) -> out.printf("local %s simulator: %s (REST %s), %,.0f messages/s%n",
                exchange, sim.webSocketUri(), sim.restUri(), rate));
        out.println();
        return venues;
    }
}
