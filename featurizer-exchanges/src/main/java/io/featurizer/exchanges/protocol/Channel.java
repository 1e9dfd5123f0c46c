package io.featurizer.exchanges.protocol;

/** The normalized public channels, named as the core's data sources are. */
public enum Channel {
    L2_BOOK("l2_book"), TRADES("trades"), TICKER("ticker");

    private final String sourceName;

    Channel(String sourceName) {
        this.sourceName = sourceName;
    }

    /** The core data source definition this channel feeds ({@code l2_book}, {@code trades}, {@code ticker}). */
    public String sourceName() {
        return sourceName;
    }

    public static Channel ofSource(String name) {
        for (Channel c : values()) {
            if (c.sourceName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no live channel for data source '" + name + "'; expected l2_book, trades or ticker");
    }
}
