package io.featurizer.exchanges.binance;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.JsonCursor;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueEncoder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The simulator's Binance (spot or USD-M futures) side: reads SUBSCRIBE
 * requests, acknowledges them ({@code {"result":null,"id":N}}, no snapshot: Binance books start from
 * REST), and writes events as combined-stream frames ({@code {"stream":..,"data":..}}) with the
 * stream name the client subscribed.
 *
 * <p><b>Update ids.</b> Each symbol has its own counter, starting after {@link #FIRST_UPDATE_ID}. A
 * depth frame of {@code n} levels covers {@code n} ids:
 * <ul>
 *   <li>spot: {@code U = previous u + 1}, {@code u = U + n - 1};</li>
 *   <li>futures: {@code pu = previous u}, {@code U = pu}, {@code u = pu + n}. {@code U} deliberately
 *       restates the previous event's last id (futures ids need not be contiguous; only {@code pu}
 *       links events) so that a REST snapshot taken between two frames, whose {@code lastUpdateId}
 *       is the last {@code u} sent, lies within the next frame's {@code [U, u]} as the futures rule
 *       ({@code U <= lastUpdateId <= u}) requires.</li>
 * </ul>
 * {@link #restSnapshot} answers with {@code lastUpdateId} = the last {@code u} sent for the symbol,
 * so a client that follows the documented rules joins the stream. {@link #skipSequence} advances the
 * counter without a frame: the client sees a gap and must resync.
 *
 * <p><b>Snapshots.</b> A snapshot {@link BookUpdate} (the synthetic market sends one periodically)
 * has no Binance WebSocket form, so it goes out as a depthUpdate that sets every level of the
 * snapshot and deletes (size 0) each level published before (in a frame or a REST snapshot) that the
 * snapshot lacks; deleting a level a client does not hold is harmless, as on the venue.
 *
 * <p>Prices and sizes are written as plain decimal strings ({@link BigDecimal#valueOf(double)}), which
 * parse back to the same double.
 *
 * <p><b>Sharing.</b> The numbering models the venue's public stream, so one encoder may serve every
 * client of a simulator (as {@code ExchangeSimulator} does): then all clients see the same ids, and a
 * REST snapshot served by it fits every client's stream. Frame writing and {@link #restSnapshot} must
 * be called by one thread at a time (the simulator holds its lock); {@link #parseSubscribe} may run
 * concurrently with them. {@link #acknowledge} answers the last request read, so a connection's
 * {@code parseSubscribe} and {@code acknowledge} must not interleave with another's (the simulator
 * reads client frames on one thread).
 */
public final class BinanceEncoder implements VenueEncoder {
    /** Each symbol's update ids start after this one (a REST snapshot before any frame reports it). */
    public static final long FIRST_UPDATE_ID = 1_000;
    private static final String[] QUOTE_ASSETS = {"FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USDP", "DAI", "BTC", "ETH", "BNB", "EUR",
            "TRY", "BRL", "GBP", "AUD", "JPY", "XRP", "TRX", "DOGE", "UAH", "ZAR", "PLN", "RON", "ARS", "IDR", "MXN", "COP", "CZK"};

    private final BinanceProtocol.Market market;
    private final BinanceProtocol protocol;
    private final Map<String, String> knownSymbols = new HashMap<>(); // BTCUSDT -> BTC-USDT
    private final Map<String, SymbolState> symbols = new ConcurrentHashMap<>();
    private final Map<Subscription, String> streamNames = new ConcurrentHashMap<>();
    private volatile String lastRequestId = "null";
    private final BookUpdate scratch = new BookUpdate();

    private static final class SymbolState {
        final String venue;
        long lastUpdateId = FIRST_UPDATE_ID;
        long lastEventMs;
        final OrderBook published = new OrderBook();

        SymbolState(String venue) {
            this.venue = venue;
        }
    }

    public BinanceEncoder(BinanceProtocol.Market market) {
        this(market, List.of());
    }

    /**
     * @param symbols normalized symbols this simulator serves ({@code BTC-USDT}); used to read stream
     *                names back ({@code btcusdt} to {@code BTC-USDT}). Others are split at a known quote
     *                asset ({@code USDT}, {@code BTC}, ...).
     */
    public BinanceEncoder(BinanceProtocol.Market market, Collection<String> symbols) {
        this.market = market;
        this.protocol = new BinanceProtocol(market);
        for (String s : symbols) {
            knownSymbols.put(BinanceProtocol.toVenueSymbol(s), s);
        }
    }

    // ---- requests ----

    /**
     * The subscriptions of a {@code SUBSCRIBE} request; an empty list for the other documented methods
     * ({@code UNSUBSCRIBE}, {@code LIST_SUBSCRIPTIONS}, {@code SET_PROPERTY}, {@code GET_PROPERTY}).
     * Remembers the request id for {@link #acknowledge}. Throws for anything else: not JSON, no
     * {@code method} or {@code id}, an unknown method, a stream name this simulator does not serve.
     * {@link #errorFrame} makes the venue's answer to such a frame.
     */
    @Override
    public List<Subscription> parseSubscribe(String frame) throws MalformedFrameException {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        JsonCursor json = new JsonCursor().reset(bytes, 0, bytes.length);
        String method = null;
        List<String> params = new ArrayList<>();
        String id = null;
        if (json.peek() != '{') {
            throw new MalformedFrameException("expected a request object like {\"method\":\"SUBSCRIBE\",\"params\":[..],\"id\":1}");
        }
        json.beginObject();
        while (json.nextField()) {
            String name = json.key();
            switch (name) {
                case "method" -> {
                    if (json.peek() != '"') {
                        throw new MalformedFrameException("Invalid request: 'method' must be a string");
                    }
                    json.readString();
                    method = json.text();
                }
                case "params" -> {
                    if (json.peek() != '[') {
                        throw new MalformedFrameException("Invalid request: 'params' must be an array");
                    }
                    json.beginArray();
                    while (json.nextElement()) {
                        int c = json.peek();
                        if (c == '[' || c == '{') {
                            throw new MalformedFrameException("Invalid request: 'params' must hold stream names or values");
                        }
                        if (c == '"') {
                            json.readString();
                            params.add(json.text());
                        } else {
                            int from = json.position();
                            json.skipValue();
                            params.add(json.textAt(from, json.position() - from));
                        }
                    }
                }
                case "id" -> {
                    int c = json.peek();
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        int from = json.position();
                        json.readLong(); // must be a 64-bit integer
                        id = json.textAt(from, json.position() - from);
                    } else if (c == '"') {
                        json.readString();
                        id = '"' + json.textAt(json.stringStart(), json.stringLength()) + '"';
                    } else if (json.nextIsNull()) {
                        id = "null";
                    } else {
                        throw new MalformedFrameException("Invalid request: request ID must be an integer, a string or null");
                    }
                }
                default -> throw new MalformedFrameException("Invalid request: unknown field '" + name + "'");
            }
        }
        json.expectEnd();
        if (method == null) {
            throw new MalformedFrameException("Invalid request: missing field `method`");
        }
        if (id == null) {
            throw new MalformedFrameException("Invalid request: missing field `id`");
        }
        switch (method) {
            case "SUBSCRIBE" -> {
                if (params.isEmpty()) {
                    throw new MalformedFrameException("Invalid request: SUBSCRIBE without stream names in 'params'");
                }
                List<Subscription> subs = new ArrayList<>(params.size());
                for (String stream : params) {
                    Subscription s = parseStream(stream);
                    streamNames.put(s, stream);
                    subs.add(s);
                }
                lastRequestId = id;
                return subs;
            }
            case "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY" -> {
                lastRequestId = id;
                return List.of();
            }
            default -> throw new MalformedFrameException("Invalid request: unknown variant `" + method
                    + "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`");
        }
    }

    private Subscription parseStream(String stream) throws MalformedFrameException {
        int at = stream.indexOf('@');
        if (at <= 0) {
            throw new MalformedFrameException("Invalid request: stream '" + stream + "' is not <symbol>@<stream>");
        }
        String sym = stream.substring(0, at);
        for (int i = 0; i < sym.length(); i++) {
            char c = sym.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                throw new MalformedFrameException("Invalid request: stream '" + stream + "' must use a lowercase symbol");
            }
        }
        Channel channel = switch (stream.substring(at + 1)) {
            case "depth", "depth@100ms", "depth@1000ms" -> Channel.L2_BOOK;
            case "trade", "aggTrade" -> Channel.TRADES;
            case "bookTicker" -> Channel.TICKER;
            case "markPrice", "markPrice@1s" -> derivatives(stream, Channel.DERIVATIVE_TICKER);
            case "forceOrder" -> derivatives(stream, Channel.LIQUIDATIONS);
            default -> throw new MalformedFrameException("Invalid request: unsupported stream '" + stream
                    + "'; this simulator serves <symbol>@depth[@100ms], @trade, @aggTrade and @bookTicker"
                    + (market.isFutures() ? ", @markPrice[@1s] and @forceOrder" : ""));
        };
        return new Subscription(normalizedSymbol(sym.toUpperCase(Locale.ROOT), stream), channel);
    }

    /** USD-M only: spot has no mark price or liquidation streams. */
    private Channel derivatives(String stream, Channel channel) throws MalformedFrameException {
        if (!market.isFutures()) {
            throw new MalformedFrameException("Invalid request: unsupported stream '" + stream + "' on spot");
        }
        return channel;
    }

    private String normalizedSymbol(String venue, String stream) throws MalformedFrameException {
        String known = knownSymbols.get(venue);
        if (known != null) {
            return known;
        }
        for (String quote : QUOTE_ASSETS) {
            if (venue.length() > quote.length() && venue.endsWith(quote)) {
                return venue.substring(0, venue.length() - quote.length()) + "-" + quote;
            }
        }
        throw new MalformedFrameException("Invalid request: unknown symbol in stream '" + stream + "'");
    }

    /** {@code {"result":null,"id":N}} for the last request read; Binance sends no book with it ({@code currentBook} is unused). */
    @Override
    public List<String> acknowledge(List<Subscription> subscriptions, Function<String, BookUpdate> currentBook) {
        return List.of("{\"result\":null,\"id\":" + lastRequestId + "}");
    }

    /** The venue's reply to a request it could not read, e.g. {@code errorFrame(2, "Invalid request: ...")}. */
    public static String errorFrame(int code, String message) {
        StringBuilder sb = new StringBuilder(48 + message.length()).append("{\"error\":{\"code\":").append(code).append(",\"msg\":");
        appendJsonString(sb, message);
        return sb.append("},\"id\":null}").toString();
    }

    /** Binance answers a request it cannot read or serve with {@code {"error":{"code":2,"msg":..},"id":..}}. */
    @Override
    public String errorReply(String message) {
        return errorFrame(2, message);
    }

    /** Binance keeps connections alive with WebSocket ping frames only. */
    @Override
    public String pong(String frame) {
        return null;
    }

    // ---- market data ----

    @Override
    public String bookFrame(String symbol, BookUpdate update, OrderBook book) {
        SymbolState st = state(symbol);
        StringBuilder levels = new StringBuilder(64 + 40 * (update.bidCount() + update.askCount()));
        int n = 0;
        levels.append("\"b\":[");
        if (update.isSnapshot()) {
            n += deletions(levels, st.published.bids(), update, true);
        }
        for (int i = 0; i < update.bidCount(); i++) {
            appendLevel(levels, n++ > 0, update.bidPrice(i), update.bidSize(i));
        }
        levels.append("],\"a\":[");
        int asks = 0;
        if (update.isSnapshot()) {
            asks += deletions(levels, st.published.asks(), update, false);
        }
        for (int i = 0; i < update.askCount(); i++) {
            appendLevel(levels, asks++ > 0, update.askPrice(i), update.askSize(i));
        }
        levels.append(']');
        n += asks;
        st.published.apply(update);

        long prev = st.lastUpdateId;
        long first;
        long last;
        if (market.isFutures()) {
            first = prev;
            last = prev + Math.max(n, 1);
        } else {
            first = prev + 1;
            last = first + Math.max(n, 1) - 1;
        }
        st.lastUpdateId = last;
        long ms = millis(update.ts());
        st.lastEventMs = ms;

        StringBuilder sb = open(symbol, Channel.L2_BOOK, levels.length() + 160);
        sb.append("{\"e\":\"depthUpdate\",\"E\":").append(ms);
        if (market.isFutures()) {
            sb.append(",\"T\":").append(ms);
        }
        sb.append(",\"s\":\"").append(st.venue).append("\",\"U\":").append(first).append(",\"u\":").append(last);
        if (market.isFutures()) {
            sb.append(",\"pu\":").append(prev);
        }
        return sb.append(',').append(levels).append("}}").toString();
    }

    /** Writes [price, "0"] for each level of {@code side} missing from the snapshot; returns how many. */
    private static int deletions(StringBuilder out, PriceLadder side, BookUpdate snapshot, boolean bids) {
        int n = 0;
        for (int r = 0; r < side.count(); r++) {
            double p = side.price(r);
            boolean kept = false;
            int count = bids ? snapshot.bidCount() : snapshot.askCount();
            for (int i = 0; i < count && !kept; i++) {
                kept = (bids ? snapshot.bidPrice(i) : snapshot.askPrice(i)) == p;
            }
            if (!kept) {
                appendLevel(out, n++ > 0, p, 0);
            }
        }
        return n;
    }

    @Override
    public String tradeFrame(String symbol, Trade trade) {
        SymbolState st = state(symbol);
        long ms = millis(trade.ts());
        st.lastEventMs = ms;
        boolean buyerIsMaker = trade.side() == Side.SELL; // the taker sold into a resting bid
        String stream = streamName(symbol, Channel.TRADES);
        StringBuilder sb = open(stream, 200);
        if (stream.endsWith("@trade")) {
            sb.append("{\"e\":\"trade\",\"E\":").append(ms).append(",\"s\":\"").append(st.venue).append("\",\"t\":").append(trade.id());
            sb.append(",\"p\":");
            appendDecimal(sb, trade.price());
            sb.append(",\"q\":");
            appendDecimal(sb, trade.amount());
            sb.append(",\"T\":").append(ms).append(",\"m\":").append(buyerIsMaker);
        } else {
            sb.append("{\"e\":\"aggTrade\",\"E\":").append(ms).append(",\"a\":").append(trade.id()).append(",\"s\":\"").append(st.venue)
                    .append('"');
            sb.append(",\"p\":");
            appendDecimal(sb, trade.price());
            sb.append(",\"q\":");
            appendDecimal(sb, trade.amount());
            sb.append(",\"f\":").append(trade.id()).append(",\"l\":").append(trade.id()).append(",\"T\":").append(ms)
                    .append(",\"m\":").append(buyerIsMaker);
        }
        if (!market.isFutures()) {
            sb.append(",\"M\":true");
        }
        return sb.append("}}").toString();
    }

    /** USD-M {@code markPriceUpdate}: mark {@code p}, index {@code i}, estimated settle price {@code P} (the index here), funding {@code r}, next funding {@code T}. */
    @Override
    public List<String> derivativeTickerFrames(String symbol, DerivativeTicker t) {
        if (!market.isFutures()) {
            return List.of();
        }
        SymbolState st = state(symbol);
        StringBuilder sb = open(symbol, Channel.DERIVATIVE_TICKER, 200);
        sb.append("{\"e\":\"markPriceUpdate\",\"E\":").append(millis(t.ts())).append(",\"s\":\"").append(st.venue).append("\",\"p\":");
        appendOptionalDecimal(sb, t.markPrice());
        sb.append(",\"i\":");
        appendOptionalDecimal(sb, t.indexPrice());
        sb.append(",\"P\":");
        appendOptionalDecimal(sb, t.indexPrice());
        sb.append(",\"r\":");
        appendOptionalDecimal(sb, t.fundingRate());
        return List.of(sb.append(",\"T\":").append(millis(t.nextFundingTime())).append("}}").toString());
    }

    /** USD-M {@code GET /fapi/v1/openInterest}: {@code {"openInterest":"..","symbol":"BTCUSDT","time":ms}}. */
    @Override
    public String restOpenInterest(String symbol, double openInterest, long tsNanos) {
        if (!market.isFutures() || Double.isNaN(openInterest)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(96).append("{\"openInterest\":");
        appendDecimal(sb, openInterest);
        return sb.append(",\"symbol\":\"").append(state(symbol).venue).append("\",\"time\":").append(millis(tsNanos)).append('}').toString();
    }

    /** USD-M {@code forceOrder}: the liquidation order {@code o} (side, price, quantity filled at once, time). */
    @Override
    public String liquidationFrame(String symbol, Liquidation l) {
        if (!market.isFutures()) {
            return null;
        }
        SymbolState st = state(symbol);
        long ms = millis(l.ts());
        StringBuilder sb = open(symbol, Channel.LIQUIDATIONS, 300);
        sb.append("{\"e\":\"forceOrder\",\"E\":").append(ms).append(",\"o\":{\"s\":\"").append(st.venue).append("\",\"S\":\"")
                .append(l.side() == Side.BUY ? "BUY" : "SELL").append("\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":");
        appendDecimal(sb, l.amount());
        sb.append(",\"p\":");
        appendDecimal(sb, l.price());
        sb.append(",\"ap\":");
        appendDecimal(sb, l.price());
        sb.append(",\"X\":\"FILLED\",\"l\":");
        appendDecimal(sb, l.amount());
        sb.append(",\"z\":");
        appendDecimal(sb, l.amount());
        return sb.append(",\"T\":").append(ms).append("}}}").toString();
    }

    /** A decimal string, or {@code ""} for NaN (Binance sends an empty rate for contracts without funding). */
    private static void appendOptionalDecimal(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            sb.append("\"\"");
        } else {
            appendDecimal(sb, d);
        }
    }

    @Override
    public String tickerFrame(String symbol, Quote quote) {
        SymbolState st = state(symbol);
        StringBuilder sb = open(symbol, Channel.TICKER, 200);
        if (market.isFutures()) {
            long ms = millis(quote.ts());
            st.lastEventMs = ms;
            sb.append("{\"e\":\"bookTicker\",\"u\":").append(st.lastUpdateId).append(",\"E\":").append(ms).append(",\"T\":").append(ms)
                    .append(',');
        } else {
            sb.append("{\"u\":").append(st.lastUpdateId).append(','); // spot bookTicker carries no time
        }
        sb.append("\"s\":\"").append(st.venue).append("\",\"b\":");
        appendDecimal(sb, quote.bidPrice());
        sb.append(",\"B\":");
        appendDecimal(sb, quote.bidSize());
        sb.append(",\"a\":");
        appendDecimal(sb, quote.askPrice());
        sb.append(",\"A\":");
        appendDecimal(sb, quote.askSize());
        return sb.append("}}").toString();
    }

    /**
     * The REST depth body: {@code lastUpdateId} (the last {@code u} sent for the symbol) and the top
     * {@code depth} levels of {@code book}; futures adds {@code E} and {@code T} (the symbol's last
     * event time).
     */
    @Override
    public String restSnapshot(String symbol, OrderBook book, int depth) {
        SymbolState st = state(symbol);
        StringBuilder sb = new StringBuilder(64 + 60 * Math.min(depth, book.bids().count() + book.asks().count()));
        sb.append("{\"lastUpdateId\":").append(st.lastUpdateId);
        if (market.isFutures()) {
            sb.append(",\"E\":").append(st.lastEventMs).append(",\"T\":").append(st.lastEventMs);
        }
        sb.append(",\"bids\":[");
        appendSide(sb, book.bids(), depth, st.published, true);
        sb.append("],\"asks\":[");
        appendSide(sb, book.asks(), depth, st.published, false);
        return sb.append("]}").toString();
    }

    /** Writes the top levels and notes them as published, so a later snapshot frame deletes them if they are gone. */
    private void appendSide(StringBuilder sb, PriceLadder side, int depth, OrderBook published, boolean bids) {
        int n = depth <= 0 ? side.count() : Math.min(depth, side.count());
        BookUpdate served = scratch.reset(0, 0, false);
        for (int i = 0; i < n; i++) {
            appendLevel(sb, i > 0, side.price(i), side.size(i));
            if (bids) {
                served.addBid(side.price(i), side.size(i));
            } else {
                served.addAsk(side.price(i), side.size(i));
            }
        }
        published.apply(served);
    }

    /** Advances the symbol's update id by {@code n} without a frame: the next depthUpdate leaves a gap. */
    @Override
    public void skipSequence(String symbol, int n) {
        state(symbol).lastUpdateId += n;
    }

    /** The last update id sent (or skipped to) for a symbol. */
    public long lastUpdateId(String symbol) {
        return state(symbol).lastUpdateId;
    }

    // ---- helpers ----

    private SymbolState state(String symbol) {
        return symbols.computeIfAbsent(symbol, s -> new SymbolState(BinanceProtocol.toVenueSymbol(s)));
    }

    private String streamName(String symbol, Channel channel) {
        String name = streamNames.get(new Subscription(symbol, channel));
        return name != null ? name : protocol.streamName(new Subscription(symbol, channel));
    }

    private StringBuilder open(String symbol, Channel channel, int capacity) {
        return open(streamName(symbol, channel), capacity);
    }

    private static StringBuilder open(String stream, int capacity) {
        return new StringBuilder(capacity + stream.length()).append("{\"stream\":\"").append(stream).append("\",\"data\":");
    }

    private static long millis(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L);
    }

    private static void appendLevel(StringBuilder sb, boolean comma, double price, double size) {
        if (comma) {
            sb.append(',');
        }
        sb.append('[');
        appendDecimal(sb, price);
        sb.append(',');
        appendDecimal(sb, size);
        sb.append(']');
    }

    static void appendDecimal(StringBuilder sb, double d) {
        sb.append('"').append(BigDecimal.valueOf(d).toPlainString()).append('"');
    }

    private static void appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
