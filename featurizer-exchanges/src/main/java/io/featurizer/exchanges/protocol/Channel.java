package io.featurizer.exchanges.protocol;

/** The normalized public channels, named as the core's data sources are. */
public enum Channel {
    L2_BOOK("l2_book"), TRADES("trades"), TICKER("ticker"),
    /** A perpetual's funding, open interest, mark and index price ({@code DerivativeTicker}), on venues that stream it. */
    DERIVATIVE_TICKER("derivative_ticker"),
    /** A perpetual's forced liquidations ({@code Liquidation}). */
    LIQUIDATIONS("liquidations");

    private final String sourceName;

    Channel(String sourceName) {
        this.sourceName = sourceName;
    }

    /** The core data source definition this channel feeds ({@code l2_book}, {@code trades}, {@code ticker}, {@code derivative_ticker}, {@code liquidations}). */
    public String sourceName() {
        return sourceName;
    }

    /** True for the derivatives channels, which venues serve for perpetuals and futures only. */
    public boolean isDerivatives() {
        return this == DERIVATIVE_TICKER || this == LIQUIDATIONS;
    }

    public static Channel ofSource(String name) {
        for (Channel c : values()) {
            if (c.sourceName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no live channel for data source '" + name + "'; expected l2_book, trades, ticker, derivative_ticker or liquidations");
    }
}
