package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;

import java.util.Map;
import java.util.Objects;

/**
 * The data source a vendor row belongs to, in Featurizer's terms: a channel ({@code l2_book},
 * {@code trades}, {@code ticker}, {@code derivative_ticker} or {@code liquidations}) of one instrument ({@code exchange}, {@code instrument_type},
 * {@code symbol}), e.g. {@code l2_book BINANCE_FUTURES perpetual BTC-USDT}.
 *
 * <p>A book of only the top {@code depth} levels per side (a vendor's periodic snapshots, e.g. Tardis
 * {@code book_snapshot_25}) is its own source, {@code l2_book} with the param {@code depth: 25}: it is
 * another view of the market than the full incremental book, and the two must not interleave in
 * one stream. {@code depth} 0 is the full book (and every non-book channel).
 */
public record VendorSource(String channel, String exchange, String instrumentType, String symbol, int depth) {
    public static final String L2_BOOK = "l2_book";
    public static final String TRADES = "trades";
    public static final String TICKER = "ticker";
    public static final String DERIVATIVE_TICKER = "derivative_ticker";
    public static final String LIQUIDATIONS = "liquidations";
    /** The data source param that marks a book limited to its top levels. */
    public static final String DEPTH = "depth";

    /** A full-depth source. */
    public VendorSource(String channel, String exchange, String instrumentType, String symbol) {
        this(channel, exchange, instrumentType, symbol, 0);
    }

    public VendorSource {
        if (depth < 0 || (depth > 0 && !L2_BOOK.equals(channel))) {
            throw new IllegalArgumentException("depth " + depth + " for " + channel + ": expected 0, or a positive depth for " + L2_BOOK);
        }
        Objects.requireNonNull(channel, "channel");
        if (!channel.equals(L2_BOOK) && !channel.equals(TRADES) && !channel.equals(TICKER) && !channel.equals(DERIVATIVE_TICKER)
                && !channel.equals(LIQUIDATIONS)) {
            throw new IllegalArgumentException("channel '" + channel + "': expected l2_book, trades, ticker, derivative_ticker or liquidations");
        }
        requireText("exchange", exchange);
        requireText("instrument_type", instrumentType);
        requireText("symbol", symbol);
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("data source " + what + " is empty: expected a name");
        }
    }

    /** The core data source feature ({@link Features#l2Book}, {@link Features#trades} or {@link Features#ticker}). */
    public Feature feature() {
        if (depth > 0) {
            return Features.dataSource(L2_BOOK, Map.of(DataSourceDefinition.EXCHANGE, exchange, DataSourceDefinition.INSTRUMENT_TYPE, instrumentType,
                    DataSourceDefinition.SYMBOL, symbol, DEPTH, depth));
        }
        return switch (channel) {
            case L2_BOOK -> Features.l2Book(exchange, instrumentType, symbol);
            case TRADES -> Features.trades(exchange, instrumentType, symbol);
            case DERIVATIVE_TICKER -> Features.derivativeTicker(exchange, instrumentType, symbol);
            case LIQUIDATIONS -> Features.liquidations(exchange, instrumentType, symbol);
            default -> Features.ticker(exchange, instrumentType, symbol);
        };
    }

    /** A fresh event of this channel's type: {@link BookUpdate}, {@link Trade} or {@link Quote}. */
    public Event newEvent() {
        return switch (channel) {
            case L2_BOOK -> new BookUpdate();
            case TRADES -> new Trade();
            case DERIVATIVE_TICKER -> new DerivativeTicker();
            case LIQUIDATIONS -> new Liquidation();
            default -> new Quote();
        };
    }

    /** This source limited to the top {@code levels} of the book. */
    public VendorSource withDepth(int levels) {
        return new VendorSource(channel, exchange, instrumentType, symbol, levels);
    }

    @Override
    public String toString() {
        return channel + " " + exchange + " " + instrumentType + " " + symbol + (depth > 0 ? " depth " + depth : "");
    }
}
