package io.featurizer.exchanges.sim;

import java.util.Locale;

/**
 * When the simulator sends its messages at a given rate. Chosen with
 * {@code -Dfeaturizer.sim.pacing=poisson|even|batched} (default {@link #POISSON}) or per simulator.
 */
public enum Pacing {
    /** Each message at its own time, gaps drawn from an exponential distribution (seeded): a venue's arrivals. */
    POISSON,
    /** Each message at its own time, one every {@code 1 / rate}. */
    EVEN,
    /** Whatever fell due, sent together every millisecond (the simulator's original pacing; cheapest in CPU). */
    BATCHED;

    public static final String PROPERTY = "featurizer.sim.pacing";

    /** The pacing named by {@value #PROPERTY}, {@link #POISSON} when unset. */
    public static Pacing fromSystemProperty() {
        String name = System.getProperty(PROPERTY);
        return name == null || name.isBlank() ? POISSON : parse(name);
    }

    public static Pacing parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pacing '" + name + "': poisson, even or batched");
        }
    }
}
