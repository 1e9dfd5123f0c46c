package io.featurizer.exchanges.sim;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a local exchange simulator as its own process:
 * {@code SimulatorMain EXCHANGE INSTRUMENT_TYPE RATE SYMBOL...}. Prints one line per venue,
 * {@code EXCHANGE ws=<uri> rest=<uri>}, then serves until killed. Send times follow
 * {@code -Dfeaturizer.sim.pacing} ({@link Pacing}). Used by the latency benchmark so the
 * simulator's work and garbage stay out of the measured JVM, and by {@code featurizer simulate}.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4) {
            System.err.println("usage: SimulatorMain EXCHANGE INSTRUMENT_TYPE MESSAGES_PER_SECOND SYMBOL...");
            System.exit(2);
        }
        List<Feature> sources = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            sources.add(Features.l2Book(args[0], args[1], args[i]));
        }
        SimulatedVenues venues = SimulatedVenues.start(sources, SyntheticMarket.Config.defaults(42).withRates(2_000, 400, 200),
                Double.parseDouble(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(venues::close));
        for (Map.Entry<String, ExchangeSimulator> e : venues.simulators().entrySet()) {
            System.out.println(e.getKey() + " ws=" + e.getValue().webSocketUri() + " rest=" + e.getValue().restUri());
        }
        System.out.flush();
        Thread.currentThread().join();
    }
}
