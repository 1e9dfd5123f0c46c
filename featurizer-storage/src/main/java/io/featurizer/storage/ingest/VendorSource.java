package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;

import java.util.Objects;

/**
 * The data source a vendor row belongs to, in Featurizer's terms: a channel ({@code l2_book},
 * {@code trades} or {@code ticker}) of one instrument ({@code exchange}, {@code instrument_type},
 * {@code symbol}), e.g. {@code l2_book BINANCE_FUTURES perpetual BTC-USDT}.
 */
public record VendorSource(String channel, String exchange, String instrumentType, String symbol) {
    public static final String L2_BOOK = "l2_book";
    public static final String TRADES = "trades";
    public static final String TICKER = "ticker";

    public VendorSource {
        Objects.requireNonNull(channel, "channel");
        if (!channel.equals(L2_BOOK) && !channel.equals(TRADES) && !channel.equals(TICKER)) {
            throw new IllegalArgumentException("channel '" + channel + "': expected l2_book, trades or ticker");
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
        return switch (channel) {
            case L2_BOOK -> Features.l2Book(exchange, instrumentType, symbol);
            case TRADES -> Features.trades(exchange, instrumentType, symbol);
            default -> Features.ticker(exchange, instrumentType, symbol);
        };
    }

    /** A fresh event of this channel's type: {@link BookUpdate}, {@link Trade} or {@link Quote}. */
    public Event newEvent() {
        return switch (channel) {
            case L2_BOOK -> new BookUpdate();
            case TRADES -> new Trade();
            default -> new Quote();
        };
    }

    @Override
    public String toString() {
        return channel + " " + exchange + " " + instrumentType + " " + symbol;
    }
}
