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
import java.util.function.BiFunction;
import java.util.function.Function;

/** The venue protocols by {@code exchange} param; each picks its endpoint from the {@code instrument_type}. */
public final class VenueProtocols {
    private static final Map<String, BiFunction<String, VenueOptions, VenueProtocol>> PROTOCOLS = new TreeMap<>();

    static {
        register(BinanceProtocol.SPOT_EXCHANGE, (type, o) -> BinanceProtocol.forInstrumentType(type).withDepthStream(binanceStream(o)));
        register(BinanceProtocol.FUTURES_EXCHANGE, (type, o) -> BinanceProtocol.futures().withDepthStream(binanceStream(o)));
        register(BybitProtocol.EXCHANGE, (type, o) -> bybit(BybitCategory.ofInstrumentType(type), o));
        register(CoinbaseProtocol.EXCHANGE, (type, o) -> {
            noDepth(o, "Coinbase's level2 channel serves the full book");
            if (o.channel() != null && !o.channel().equals("level2")) {
                throw new IllegalArgumentException("Coinbase has no order book channel '" + o.channel() + "'; channel must be level2 (the default)");
            }
            return new CoinbaseProtocol();
        });
        register(OkxProtocol.EXCHANGE, (type, o) -> okx(o));
    }

    private static String binanceStream(VenueOptions o) {
        noDepth(o, "Binance books are kept whole from the REST snapshot and the diff-depth stream");
        return o.channel() == null ? BinanceProtocol.DEPTH_STREAMS.get(0) : o.channel();
    }

    private static VenueProtocol bybit(BybitCategory category, VenueOptions o) {
        if (o.channel() != null) {
            throw new IllegalArgumentException("Bybit order books have no channel option (got '" + o.channel()
                    + "'); choose the stream with depth: one of " + category.depthsText() + " (default " + category.defaultDepth() + ")");
        }
        int depth = o.depth() == 0 ? category.defaultDepth() : o.depth();
        return new BybitProtocol(category, depth);
    }

    private static VenueProtocol okx(VenueOptions o) {
        String channel = o.channel() == null ? OkxProtocol.BOOK_CHANNELS.get(0) : o.channel();
        OkxProtocol p = new OkxProtocol(channel);
        if (o.depth() != 0 && o.depth() != OkxProtocol.channelDepth(channel)) {
            throw new IllegalArgumentException("OKX channel " + channel + " serves " + OkxProtocol.channelDepth(channel)
                    + " levels, not depth " + o.depth() + "; choose the depth with channel: books (400), books5 (5), bbo-tbt (1)"
                    + " or books-l2-tbt (400)");
        }
        return p;
    }

    private static void noDepth(VenueOptions o, String why) {
        if (o.depth() != 0) {
            throw new IllegalArgumentException("depth " + o.depth() + " is not an option here: " + why
                    + "; take the top levels with l2_book.l2_snapshot_fd's depth instead");
        }
    }

    private VenueProtocols() {
    }

    /** Registers a venue: a function from {@code instrument_type} to its protocol (failing clearly on an unsupported type). */
    public static synchronized void register(String exchange, Function<String, VenueProtocol> protocol) {
        register(exchange, (type, options) -> {
            if (!options.isDefault()) {
                throw new IllegalArgumentException(exchange + " takes no order book options (got " + options + ")");
            }
            return protocol.apply(type);
        });
    }

    /** Registers a venue whose protocol depends on the data source's order book options ({@link VenueOptions}). */
    public static synchronized void register(String exchange, BiFunction<String, VenueOptions, VenueProtocol> protocol) {
        PROTOCOLS.put(exchange.toUpperCase(Locale.ROOT), protocol);
    }

    /** The protocol for an exchange and instrument type with the default book stream. */
    public static VenueProtocol forVenue(String exchange, String instrumentType) {
        return forVenue(exchange, instrumentType, VenueOptions.DEFAULT);
    }

    /**
     * The protocol for an exchange, instrument type and book options; a clear error listing the supported
     * exchanges, or the depths and channels the venue serves, otherwise.
     */
    public static synchronized VenueProtocol forVenue(String exchange, String instrumentType, VenueOptions options) {
        BiFunction<String, VenueOptions, VenueProtocol> p = PROTOCOLS.get(exchange.toUpperCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("no live connector for exchange '" + exchange + "'; supported: " + PROTOCOLS.keySet());
        }
        return p.apply(instrumentType.toLowerCase(Locale.ROOT), options);
    }
}
