package io.featurizer.exchanges.bybit;

import java.net.URI;

/**
 * A Bybit v5 product category with a public WebSocket of its own. Each has its own endpoint, its own
 * allowed order book depths and its own way of giving the best bid and ask (see {@link #quotesFromTickers()}).
 */
public enum BybitCategory {
    /** Spot pairs: {@code wss://stream.bybit.com/v5/public/spot}. */
    SPOT("spot", "wss://stream.bybit.com/v5/public/spot", new int[]{1, 50, 200, 1000}, 50, 10),
    /** USDT and USDC perpetuals and futures: {@code wss://stream.bybit.com/v5/public/linear}. */
    LINEAR("linear", "wss://stream.bybit.com/v5/public/linear", new int[]{1, 50, 200, 500, 1000}, 50, 10),
    /**
     * Options ({@code BTC-27DEC26-100000-C}): {@code wss://stream.bybit.com/v5/public/option}. Books of
     * 25 or 100 levels; trades come per base coin ({@code publicTrade.BTC} carries every BTC option,
     * each trade naming its contract in {@code s}); tickers carry {@code bidPrice}/{@code askPrice}.
     */
    OPTION("option", "wss://stream.bybit.com/v5/public/option", new int[]{25, 100}, 25, 10);

    private final String wireName;
    private final URI publicUri;
    private final int[] depths;
    private final int defaultDepth;
    private final int maxArgsPerRequest;

    BybitCategory(String wireName, String publicUri, int[] depths, int defaultDepth, int maxArgsPerRequest) {
        this.wireName = wireName;
        this.publicUri = URI.create(publicUri);
        this.depths = depths;
        this.defaultDepth = defaultDepth;
        this.maxArgsPerRequest = maxArgsPerRequest;
    }

    /** The order book depth followed unless a config asks for another: 50, or 25 on options. */
    public int defaultDepth() {
        return defaultDepth;
    }

    /** True when trades come on one topic per base coin, {@code publicTrade.BTC}, rather than per symbol (options). */
    public boolean tradesPerBaseCoin() {
        return this == OPTION;
    }

    /** The category as Bybit names it ({@code spot}, {@code linear}, {@code option}). */
    public String wireName() {
        return wireName;
    }

    /** The public market-data WebSocket of this category. */
    public URI publicWebSocketUri() {
        return publicUri;
    }

    /** True when {@code orderbook.{depth}} exists for this category. */
    public boolean supportsDepth(int depth) {
        for (int d : depths) {
            if (d == depth) {
                return true;
            }
        }
        return false;
    }

    /** The depths {@code orderbook.{depth}} accepts, e.g. {@code [1, 50, 200, 1000]}. */
    public String depthsText() {
        return java.util.Arrays.toString(depths);
    }

    /**
     * True when the {@code tickers} topic carries the best bid and ask ({@code bid1Price} on linear,
     * {@code bidPrice} on options). Spot tickers have none, so spot quotes come from the
     * {@code orderbook.1} stream.
     */
    public boolean quotesFromTickers() {
        return this != SPOT;
    }

    /** Topics per subscribe request (Bybit allows at most 10 args per request on spot; we use 10 everywhere). */
    public int maxArgsPerRequest() {
        return maxArgsPerRequest;
    }

    /** The category for a config's {@code instrument_type}: {@code spot}, {@code linear}/{@code perpetual}/{@code futures}, or {@code option}. */
    public static BybitCategory ofInstrumentType(String type) {
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "spot" -> SPOT;
            case "linear", "perpetual", "perp", "swap", "futures", "future" -> LINEAR;
            case "option", "options" -> OPTION;
            default -> throw new IllegalArgumentException("Bybit has no public stream for instrument_type '" + type
                    + "'; expected spot, linear (perpetual) or option");
        };
    }
}
