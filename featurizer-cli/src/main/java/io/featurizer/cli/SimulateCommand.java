package io.featurizer.cli;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.sim.Pacing;
import io.featurizer.exchanges.sim.SimulatedVenues;
import io.featurizer.core.venue.VenueCapabilities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code featurizer simulate}: a local exchange on loopback in a venue's wire format, for {@code featurizer live --venue-url}. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Serve a local exchange simulator (WebSocket + REST on loopback) in a venue's wire format until Ctrl-C.")
final class SimulateCommand implements Runnable {
    @Option(names = "--exchange", defaultValue = "BINANCE", description = "BINANCE, BINANCE_FUTURES, BYBIT, OKX or COINBASE (default ${DEFAULT-VALUE}).")
    String exchange;

    @Option(names = "--instrument-type", defaultValue = "spot", description = "spot, perpetual or option (Bybit; default ${DEFAULT-VALUE}).")
    String instrumentType;

    @Option(names = "--rate", defaultValue = "2000", description = "Messages per second per symbol (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--pacing", defaultValue = "${sys:featurizer.sim.pacing:-POISSON}", converter = PacingConverter.class,
            description = "POISSON (each message at its own time, exponential gaps), EVEN or BATCHED (what is due, every 1 ms; cheapest in CPU)."
                    + " Default ${DEFAULT-VALUE}.")
    Pacing pacing;

    /** Case-insensitive, with the list of choices in the error. */
    static final class PacingConverter implements picocli.CommandLine.ITypeConverter<Pacing> {
        @Override
        public Pacing convert(String value) {
            return Pacing.parse(value);
        }
    }

    @Option(names = "--seed", defaultValue = "42", description = "Synthetic market seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Parameters(arity = "1..*", paramLabel = "SYMBOL", description = "Symbols to simulate, e.g. BTC-USDT.")
    List<String> symbols;

    @Override
    public void run() {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new FeaturizerCli.UserError("--rate " + rate + ": expected a positive number of messages per second, e.g. 2000");
        }
        List<Feature> sources = new ArrayList<>();
        for (String s : symbols) {
            if (!VenueCapabilities.isSafeSymbol(s)) {
                throw new FeaturizerCli.UserError("SYMBOL '" + s + "': expected " + VenueCapabilities.SYMBOL_EXPECTED);
            }
            sources.add(Features.l2Book(exchange, instrumentType, s));
        }
        SimulatedVenues venues;
        try {
            venues = SimulatedVenues.start(sources, SyntheticMarket.Config.defaults(seed).withRates(2_000, 400, 200), rate, pacing);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError(e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            venues.close();
            stop.countDown();
        }));
        venues.simulators().forEach((name, sim) -> System.out.println(name + " ws=" + sim.webSocketUri() + " rest=" + sim.restUri()
                + "\n  try: featurizer live --config <x.yaml> --venue-url " + name + "=" + sim.webSocketUri() + " --rest-url " + name + "=" + sim.restUri()));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
