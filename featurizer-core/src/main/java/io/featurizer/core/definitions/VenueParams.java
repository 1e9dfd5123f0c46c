package io.featurizer.core.definitions;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.book.TickSize;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.venue.VenueCapabilities;

import java.util.List;

/** The params of the venue data sources ({@code l2_book}, {@code trades}, {@code ticker}). */
final class VenueParams {
    private VenueParams() {
    }

    static final ParamSpec EXCHANGE = ParamSpec.string(DataSourceDefinition.EXCHANGE,
            "the venue: " + String.join(", ", VenueCapabilities.exchanges())).required()
            .rule(v -> true, "a known exchange name (see the venue table; checked when a config is loaded)");
    static final ParamSpec INSTRUMENT_TYPE = ParamSpec.oneOf(DataSourceDefinition.INSTRUMENT_TYPE, "the kind of instrument",
            VenueCapabilities.INSTRUMENT_TYPES.toArray(new String[0])).required().suggesting(VenueCapabilities.INSTRUMENT_TYPE_ALIASES);
    static final ParamSpec SYMBOL = ParamSpec.string(DataSourceDefinition.SYMBOL, "the instrument, e.g. BTC-USDT").required()
            .rule(v -> true, VenueCapabilities.SYMBOL_EXPECTED + " (checked when a config is loaded)");
    static final ParamSpec DEPTH = ParamSpec.integer(VenueCapabilities.DEPTH,
            "levels per side the book carries: a depth the venue streams live or a stored snapshot depth (5, 25)")
            .withDefaultDescribed("the venue's (Bybit 50), else the full book")
            .rule(v -> (v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim())) > 0, "a positive number of levels");
    static final ParamSpec CHANNEL = ParamSpec.string(VenueCapabilities.CHANNEL,
            "the venue's book channel (Binance update speed, OKX book channel)").withDefaultDescribed("the venue's")
            .rule(v -> true, "a book channel of the venue (see the venue table)");
    static final ParamSpec TICK_SIZE = ParamSpec.number(TickSize.PARAM,
            "the instrument's price step (0.01 for BTCUSDT spot): a deep book is indexed on it from the first snapshot")
            .withDefaultDescribed("learned from each book snapshot's prices")
            .rule(v -> v instanceof Number n && n.doubleValue() > 0 && TickSize.decimalsOf(n.doubleValue()) >= 0,
                    "a positive price step with at most " + TickSize.MAX_DECIMALS + " decimals, e.g. 0.01 or 0.5")
            .outsideKey();

    /** The instrument types with derivatives data: a {@code derivative_ticker} or {@code liquidations} source of a spot market is a load error. */
    static final ParamSpec DERIVATIVE_TYPE = ParamSpec.oneOf(DataSourceDefinition.INSTRUMENT_TYPE,
            "the kind of instrument: derivatives data exists for perpetuals and futures only", "perpetual", "futures").required()
            .suggesting(VenueCapabilities.INSTRUMENT_TYPE_ALIASES);

    /** exchange, instrument_type, symbol. */
    static final List<ParamSpec> IDENTITY = List.of(EXCHANGE, INSTRUMENT_TYPE, SYMBOL);
    /** exchange, instrument_type (perpetual or futures), symbol. */
    static final List<ParamSpec> DERIVATIVES = List.of(EXCHANGE, DERIVATIVE_TYPE, SYMBOL);
    /** The identity plus the book options depth, channel and tick size. */
    static final List<ParamSpec> BOOK = List.of(EXCHANGE, INSTRUMENT_TYPE, SYMBOL, DEPTH, CHANNEL, TICK_SIZE);
}
