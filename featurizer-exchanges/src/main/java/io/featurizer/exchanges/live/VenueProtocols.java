package io.featurizer.exchanges.live;

import io.featurizer.exchanges.binance.BinanceProtocol;
import io.featurizer.exchanges.bybit.BybitCategory;
import io.featurizer.exchanges.bybit.BybitProtocol;
import io.featurizer.exchanges.coinbase.CoinbaseProtocol;
import io.featurizer.exchanges.okx.OkxProtocol;
import io.featurizer.exchanges.protocol.VenueProtocol;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The venue protocols by {@code exchange} param; each picks its endpoint from the {@code instrument_type}. */
public final class VenueProtocols {
    private static final Map<String, Function<String, VenueProtocol>> PROTOCOLS = new TreeMap<>();

    static {
        register(BinanceProtocol.SPOT_EXCHANGE, BinanceProtocol::forInstrumentType);
        register(BinanceProtocol.FUTURES_EXCHANGE, type -> BinanceProtocol.futures());
        register(BybitProtocol.EXCHANGE, type -> new BybitProtocol(BybitCategory.ofInstrumentType(type), BybitProtocol.DEFAULT_DEPTH));
        register(CoinbaseProtocol.EXCHANGE, type -> new CoinbaseProtocol());
        register("OKX", type -> new OkxProtocol());
    }

    private VenueProtocols() {
    }

    /** Registers a venue: a function from {@code instrument_type} to its protocol (failing clearly on an unsupported type). */
    public static synchronized void register(String exchange, Function<String, VenueProtocol> protocol) {
        PROTOCOLS.put(exchange.toUpperCase(Locale.ROOT), protocol);
    }

    /** The protocol for an exchange and instrument type; a clear error listing the supported exchanges otherwise. */
    public static synchronized VenueProtocol forVenue(String exchange, String instrumentType) {
        Function<String, VenueProtocol> p = PROTOCOLS.get(exchange.toUpperCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("no live connector for exchange '" + exchange + "'; supported: " + PROTOCOLS.keySet());
        }
        return p.apply(instrumentType.toLowerCase(Locale.ROOT));
    }
}
