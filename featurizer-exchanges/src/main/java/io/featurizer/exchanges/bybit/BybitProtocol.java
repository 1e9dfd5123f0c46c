package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueProtocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bybit v5 public market data, one instance per category ({@link BybitCategory#SPOT},
 * {@link BybitCategory#LINEAR} or {@link BybitCategory#OPTION}), each with its own endpoint.
 *
 * <p>Topics: {@link Channel#L2_BOOK} is {@code orderbook.{depth}.{SYMBOL}} (depth 50 unless configured;
 * 25 on options), {@link Channel#TRADES} is {@code publicTrade.{SYMBOL}} ({@code publicTrade.{BASE}} on
 * options, one topic for all of a coin's contracts), {@link Channel#TICKER} is
 * {@code tickers.{SYMBOL}} on linear (its {@code bid1Price}/{@code bid1Size}/{@code ask1Price}/{@code ask1Size},
 * merged over delta messages) and {@code orderbook.1.{SYMBOL}} on spot, whose tickers carry no best bid
 * and ask: the decoder keeps the one level per side that stream has and emits a {@code Quote} after each
 * message. Symbols: {@code BTC-USDT} is {@code BTCUSDT}.
 *
 * <p>Book snapshots come over the WebSocket (right after subscribing, and whenever Bybit decides to
 * resend one, e.g. {@code u = 1} after a service restart), so there is no REST snapshot:
 * {@link #defaultRestUri()} and {@link #restSnapshotPath} are null and a resync
 * ({@link #resnapshotFrames}) unsubscribes and subscribes the book topic again. Keep-alive: the
 * application ping {@code {"op":"ping"}} every 20 s (Bybit drops idle public connections).
 */
public final class BybitProtocol implements VenueProtocol {
    /** The {@code exchange} param value for both categories. */
    public static final String EXCHANGE = "BYBIT";
    /** The depth of the spot stream that gives quotes. */
    static final int QUOTE_DEPTH = 1;
    static final String PING = "{\"op\":\"ping\"}";

    private final BybitCategory category;
    private final int bookDepth;

    public BybitProtocol(BybitCategory category) {
        this(category, category.defaultDepth());
    }

    /**
     * @param bookDepth the {@code orderbook.{depth}} stream to follow: spot 1, 50, 200 or 1000; linear
     *                  1, 50, 200, 500 or 1000; option 25 or 100
     */
    public BybitProtocol(BybitCategory category, int bookDepth) {
        if (category == null) {
            throw new IllegalArgumentException("Bybit category is required (spot, linear or option)");
        }
        if (!category.supportsDepth(bookDepth)) {
            throw new IllegalArgumentException("Bybit " + category.wireName() + " has no orderbook." + bookDepth
                    + " stream; depth must be one of " + category.depthsText());
        }
        this.category = category;
        this.bookDepth = bookDepth;
    }

    public static BybitProtocol spot() {
        return new BybitProtocol(BybitCategory.SPOT);
    }

    public static BybitProtocol linear() {
        return new BybitProtocol(BybitCategory.LINEAR);
    }

    public BybitCategory category() {
        return category;
    }

    public int bookDepth() {
        return bookDepth;
    }

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public URI defaultWebSocketUri() {
        return category.publicWebSocketUri();
    }

    @Override
    public URI defaultRestUri() {
        return null;
    }

    @Override
    public String venueSymbol(String symbol) {
        return toVenueSymbol(symbol);
    }

    /** A derivatives topic: perpetuals and futures (linear, inverse) only. */
    private String derivatives(Subscription subscription, String topic) {
        if (category == BybitCategory.SPOT || category == BybitCategory.OPTION) {
            throw new IllegalArgumentException("BYBIT " + category + " has no " + subscription.channel().sourceName()
                    + " data; use instrument_type perpetual or futures");
        }
        return topic;
    }

    /**
     * {@code BTC-USDT} to {@code BTCUSDT}: upper case, the dash between base and an alphabetic quote
     * removed. Anything else (already a venue symbol, a dated future such as {@code BTC-26DEC25}) is
     * only upper-cased.
     */
    static String toVenueSymbol(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("empty symbol");
        }
        String s = symbol.trim().toUpperCase(Locale.ROOT);
        int dash = s.indexOf('-');
        if (dash > 0 && dash == s.lastIndexOf('-') && dash < s.length() - 1) {
            for (int i = dash + 1; i < s.length(); i++) {
                if (!Character.isLetter(s.charAt(i))) {
                    return s;
                }
            }
            return s.substring(0, dash) + s.substring(dash + 1);
        }
        return s;
    }

    /** {@code BTC} of an option {@code BTC-27DEC26-100000-C}: what its trades topic is named by. */
    static String baseCoin(String venueSymbol) {
        int dash = venueSymbol.indexOf('-');
        return dash > 0 ? venueSymbol.substring(0, dash) : venueSymbol;
    }

    /** The topic a subscription reads on this category. */
    public String topic(Subscription subscription) {
        String sym = toVenueSymbol(subscription.symbol());
        return switch (subscription.channel()) {
            case L2_BOOK -> "orderbook." + bookDepth + "." + sym;
            case TRADES -> "publicTrade." + (category.tradesPerBaseCoin() ? baseCoin(sym) : sym);
            case TICKER -> category.quotesFromTickers() ? "tickers." + sym : "orderbook." + QUOTE_DEPTH + "." + sym;
            case DERIVATIVE_TICKER -> derivatives(subscription, "tickers." + sym);
            case LIQUIDATIONS -> derivatives(subscription, "allLiquidation." + sym);
        };
    }

    /**
     * One {@code {"op":"subscribe","args":[...]}} per 10 topics (Bybit's limit per request on spot),
     * duplicates removed (a spot depth-1 book and a spot ticker share {@code orderbook.1}).
     */
    @Override
    public List<String> subscribeFrames(List<Subscription> subscriptions) {
        Set<String> topics = new LinkedHashSet<>();
        for (Subscription s : subscriptions) {
            topics.add(topic(s));
        }
        return requests("subscribe", new ArrayList<>(topics));
    }

    private List<String> requests(String op, List<String> topics) {
        List<String> frames = new ArrayList<>();
        int per = category.maxArgsPerRequest();
        for (int i = 0; i < topics.size(); i += per) {
            frames.add(request(op, topics.subList(i, Math.min(topics.size(), i + per))));
        }
        return frames;
    }

    static String request(String op, List<String> topics) {
        StringBuilder sb = new StringBuilder(32 + 32 * topics.size()).append("{\"op\":\"").append(op).append("\",\"args\":[");
        for (int i = 0; i < topics.size(); i++) {
            sb.append(i > 0 ? ",\"" : "\"").append(topics.get(i)).append('"');
        }
        return sb.append("]}").toString();
    }

    /** Unsubscribe then subscribe the book topic: Bybit answers the new subscription with a fresh snapshot. */
    @Override
    public List<String> resnapshotFrames(Subscription book) {
        if (book.channel() != Channel.L2_BOOK) {
            throw new IllegalArgumentException("resnapshot is for an l2_book subscription, not " + book);
        }
        String topic = topic(book);
        return List.of(request("unsubscribe", List.of(topic)), request("subscribe", List.of(topic)));
    }

    @Override
    public FrameDecoder newDecoder(List<Subscription> subscriptions) {
        return new BybitDecoder(this, subscriptions);
    }

    @Override
    public String restSnapshotPath(String symbol) {
        return null;
    }

    /**
     * Reads a {@code GET /v5/market/orderbook} response ({@code result.b}, {@code result.a}, {@code result.u},
     * {@code result.ts}) as a snapshot with sequence {@code (u, u, -1)}. The connector does not need it
     * (snapshots come over the WebSocket); it is here for tools and cross-checks.
     */
    @Override
    public void decodeRestSnapshot(byte[] body, String symbol, long receiptTs, BookUpdate into) throws MalformedFrameException {
        new BybitDecoder(this, List.of()).decodeRestSnapshot(body, 0, body.length, receiptTs, into);
    }

    @Override
    public BookSync newBookSync() {
        return new BybitBookSync();
    }

    @Override
    public String pingFrame() {
        return PING;
    }

    @Override
    public long pingIntervalMillis() {
        return 20_000;
    }

    @Override
    public String toString() {
        return "BybitProtocol[" + category.wireName() + ", orderbook." + bookDepth + "]";
    }
}
