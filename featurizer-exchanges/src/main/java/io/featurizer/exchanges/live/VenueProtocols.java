package io.featurizer.exchanges.live;

import io.featurizer.exchanges.protocol.VenueProtocol;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The venue protocols by {@code exchange} param and {@code instrument_type}. A key is
 * {@code EXCHANGE} or {@code EXCHANGE/instrument_type} (the latter wins).
 */
public final class VenueProtocols {
    private static final Map<String, Supplier<VenueProtocol>> PROTOCOLS = new TreeMap<>();

    private VenueProtocols() {
    }

    /** Registers a protocol for an exchange (and optionally one instrument type, e.g. {@code BYBIT/perpetual}). */
    public static synchronized void register(String key, Supplier<VenueProtocol> protocol) {
        PROTOCOLS.put(key.toUpperCase(java.util.Locale.ROOT), protocol);
    }

    /** The protocol for an exchange and instrument type; a clear error listing the supported ones otherwise. */
    public static synchronized VenueProtocol forVenue(String exchange, String instrumentType) {
        String e = exchange.toUpperCase(java.util.Locale.ROOT);
        Supplier<VenueProtocol> p = PROTOCOLS.get(e + "/" + instrumentType.toUpperCase(java.util.Locale.ROOT));
        if (p == null) {
            p = PROTOCOLS.get(e);
        }
        if (p == null) {
            throw new IllegalArgumentException("no live connector for exchange '" + exchange + "' (instrument_type '" + instrumentType
                    + "'); supported: " + PROTOCOLS.keySet());
        }
        return p.get();
    }
}
