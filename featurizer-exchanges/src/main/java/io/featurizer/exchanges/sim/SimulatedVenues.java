package io.featurizer.exchanges.sim;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.binance.BinanceProtocol;
import io.featurizer.exchanges.bybit.BybitEncoder;
import io.featurizer.exchanges.bybit.BybitProtocol;
import io.featurizer.exchanges.coinbase.CoinbaseEncoder;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.live.VenueOptions;
import io.featurizer.exchanges.live.VenueProtocols;
import io.featurizer.exchanges.okx.OkxEncoder;
import io.featurizer.exchanges.protocol.VenueEncoder;
import io.featurizer.exchanges.protocol.VenueProtocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Local simulators for every venue a feature set reads: one {@link ExchangeSimulator} per venue,
 * serving all its symbols, and the endpoints that point a {@link LiveEventEmitter} at them. What
 * the demo, the live tests and the latency benchmark run instead of the internet.
 */
public final class SimulatedVenues implements AutoCloseable {
    private static final Map<String, Function<VenueProtocol, VenueEncoder>> ENCODERS = new LinkedHashMap<>();

    static {
        ENCODERS.put("BINANCE", p -> ((BinanceProtocol) p).newEncoder());
        ENCODERS.put("BINANCE_FUTURES", p -> ((BinanceProtocol) p).newEncoder());
        ENCODERS.put("BYBIT", p -> new BybitEncoder((BybitProtocol) p));
        ENCODERS.put("COINBASE", p -> new CoinbaseEncoder());
        ENCODERS.put("OKX", p -> new OkxEncoder());
    }

    private final Map<String, ExchangeSimulator> simulators = new LinkedHashMap<>();

    /** A fresh simulator-side encoder for a venue protocol. */
    public static synchronized VenueEncoder encoder(VenueProtocol protocol) {
        Function<VenueProtocol, VenueEncoder> encoder = ENCODERS.get(protocol.exchange().toUpperCase(Locale.ROOT));
        if (encoder == null) {
            throw new IllegalArgumentException("no simulator for exchange '" + protocol.exchange() + "'; simulated venues: " + ENCODERS.keySet());
        }
        return encoder.apply(protocol);
    }

    /** Registers the simulator side of a venue (its encoder for a protocol instance). */
    public static synchronized void register(String exchange, Function<VenueProtocol, VenueEncoder> encoder) {
        ENCODERS.put(exchange.toUpperCase(Locale.ROOT), encoder);
    }

    /**
     * Starts a simulator for each venue among the data sources, each at {@code messagesPerSecond} per
     * symbol (0: driven by {@link ExchangeSimulator#step} only).
     */
    public static SimulatedVenues start(List<Feature> dataSources, SyntheticMarket.Config market, double messagesPerSecond) {
        return start(dataSources, market, messagesPerSecond, Pacing.fromSystemProperty());
    }

    /** As {@link #start(List, SyntheticMarket.Config, double)}, with the send times given by {@code pacing}. */
    public static SimulatedVenues start(List<Feature> dataSources, SyntheticMarket.Config market, double messagesPerSecond, Pacing pacing) {
        // One simulator per exchange and instrument type (its own markets, sequence numbers and books: a spot
        // and a perpetual of one symbol are two instruments); the first type of an exchange is keyed by the
        // exchange, the others by EXCHANGE/type, which is how the live emitter looks endpoints up.
        Map<String, Set<String>> symbols = new LinkedHashMap<>();
        Map<String, String> exchanges = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Feature> books = new LinkedHashMap<>();
        for (Feature f : dataSources) {
            String exchange = f.params().getString(DataSourceDefinition.EXCHANGE, "").toUpperCase(Locale.ROOT);
            String type = f.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "spot");
            String venue = exchange + "/" + type.toUpperCase(Locale.ROOT);
            if (((DataSourceDefinition) f.definition()).channel().equals("l2_book")) {
                books.putIfAbsent(venue, f);
            }
            symbols.computeIfAbsent(venue, e -> new LinkedHashSet<>()).add(f.params().getString(DataSourceDefinition.SYMBOL, ""));
            exchanges.putIfAbsent(venue, exchange);
            types.putIfAbsent(venue, type);
        }
        SimulatedVenues venues = new SimulatedVenues();
        try {
            for (Map.Entry<String, Set<String>> e : symbols.entrySet()) {
                String exchange = exchanges.get(e.getKey());
                Feature book = books.get(e.getKey());
                VenueProtocol protocol;
                try {
                    protocol = VenueProtocols.forVenue(exchange, types.get(e.getKey()), book == null ? VenueOptions.DEFAULT : VenueOptions.of(book));
                } catch (IllegalArgumentException ex) {
                    throw book == null || ex.getMessage().startsWith("data source ") ? ex
                            : new IllegalArgumentException(VenueOptions.where(book) + ": " + ex.getMessage(), ex);
                }
                ExchangeSimulator sim = new ExchangeSimulator(protocol, encoder(protocol), new ArrayList<>(e.getValue()), market);
                String key = venues.simulators.containsKey(protocol.exchange()) ? e.getKey() : protocol.exchange();
                venues.simulators.put(key, sim.start(messagesPerSecond, pacing)); // each step sends one message per symbol
            }
        } catch (RuntimeException ex) {
            venues.close();
            throw ex;
        }
        return venues;
    }

    /** Endpoints pointing a live emitter at these simulators. */
    public LiveEventEmitter.Endpoints endpoints() {
        Map<String, URI> ws = new LinkedHashMap<>();
        Map<String, URI> rest = new LinkedHashMap<>();
        simulators.forEach((exchange, sim) -> {
            ws.put(exchange, sim.webSocketUri());
            rest.put(exchange, sim.restUri());
        });
        return new LiveEventEmitter.Endpoints(ws, rest);
    }

    /** The simulators by exchange (the first instrument type of each), then by {@code EXCHANGE/TYPE} for further types. */
    public Map<String, ExchangeSimulator> simulators() {
        return simulators;
    }

    public long framesSent() {
        return simulators.values().stream().mapToLong(ExchangeSimulator::framesSent).sum();
    }

    @Override
    public void close() {
        simulators.values().forEach(ExchangeSimulator::close);
    }
}
