package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.TradeIds;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's Bybit v5: one encoder per client connection, writing what Bybit's public spot,
 * linear or option WebSocket would send. Sequence state lives here, per symbol: the book stream's update id
 * {@code u} (+1 per book frame, snapshot or delta; {@link #skipSequence} makes it jump), the spot
 * quote stream's own {@code u}, and one cross sequence {@code seq} for the connection.
 *
 * <p>Replies, exactly one per client frame, chosen by what {@link #parseSubscribe} returned:
 * <ul>
 *     <li>a subscribe naming at least one valid topic: {@link #acknowledge} gives the success ack
 *     ({@code {"success":true,"ret_msg":"","conn_id":..,"op":"subscribe"}}), a failure ack naming any
 *     invalid topics of the same request, then a snapshot for every book topic (the top {@code depth}
 *     levels of {@code currentBook}, which must be the book of the subscriptions' symbol) and, on spot,
 *     an {@code orderbook.1} snapshot for every ticker subscription;</li>
 *     <li>everything else ({@link #parseSubscribe} returns an empty list) is answered by {@link #pong}:
 *     a ping gets {@code {"success":true,"ret_msg":"pong",..,"op":"ping"}}, an unsubscribe its ack (the
 *     topics are dropped: {@link #isSubscribed} turns false; the simulator should stop sending them),
 *     a subscribe whose topics are all invalid the failure ack
 *     {@code {"success":false,"ret_msg":"Invalid topic: ..",..}}.</li>
 * </ul>
 *
 * <p>Frames: book messages are {@code orderbook.{depth}.{S}}; a snapshot writes the top {@code depth}
 * levels of the true book, a delta the update's levels as they are (so with the synthetic market's 50
 * levels and depth 50 the client's book equals the truth; with a smaller depth, deltas deeper than the
 * depth still reach the client). Trades are {@code publicTrade.{S}} with one element; ids are decimal
 * on spot and UUIDs {@code 00000000-0000-0000-xxxx-xxxxxxxxxxxx} (the id in hex) on linear, which the
 * decoder reads back to the same {@code long}. Linear tickers are {@code tickers.{S}}: a snapshot first,
 * then deltas with only the changed bid/ask fields, as Bybit does. Spot quotes are {@code orderbook.1.{S}}:
 * a snapshot first, then deltas (a moved price is a delete of the old level plus the new one).
 * Options: books as on linear (depth 25 or 100), trades on {@code publicTrade.{BASE}} naming the
 * contract in {@code s} (subscribing the coin's topic subscribes every listed contract of that coin,
 * see {@link #listSymbols}), tickers always whole snapshots of {@code bidPrice}, {@code bidSize},
 * {@code askPrice}, {@code askSize}.
 * Times are written in ms, so event times lose their sub-millisecond part.
 */
public final class BybitEncoder implements VenueEncoder {
    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final String[] QUOTE_ASSETS = {"FDUSD", "USDT", "USDC", "USDE", "EUR", "USD", "BTC", "ETH", "DAI", "BRL", "TRY"};

    /** Per symbol (venue form): sequence state of its streams. */
    private static final class Stream {
        final String venueSymbol;
        int bookDepth;
        long bookU;
        long quoteU;
        int pendingSkip;
        boolean quoteSent;
        double bidPrice = Double.NaN, bidSize = Double.NaN, askPrice = Double.NaN, askSize = Double.NaN;
        // the tickers topic's derivatives fields last sent (linear): deltas carry what changed
        final DerivativeTicker derivative = new DerivativeTicker();

        Stream(String venueSymbol, int depth) {
            this.venueSymbol = venueSymbol;
            this.bookDepth = depth;
        }
    }

    private final BybitProtocol protocol;
    private final BybitCategory category;
    private final Map<String, String> normalizedByVenue = new HashMap<>();
    private final Map<String, Stream> streams = new HashMap<>();
    private final Set<String> subscribedTopics = new LinkedHashSet<>();
    private final String connId;
    private long crossSeq = 8_000_000_000L;
    private String lastReqId;
    private List<String> lastInvalid = List.of();

    public BybitEncoder(BybitProtocol protocol) {
        this(protocol, List.of());
    }

    /**
     * @param symbols normalized symbols ({@code BTC-USDT}) this connection may ask for, to map venue
     *                symbols back exactly; others are split at a known quote asset (USDT, USDC, BTC, ...)
     */
    public BybitEncoder(BybitProtocol protocol, Collection<String> symbols) {
        this.protocol = protocol;
        this.category = protocol.category();
        listSymbols(symbols);
        this.connId = "sim" + Long.toHexString(System.nanoTime() & 0xffffffL) + "-" + CONNECTIONS.incrementAndGet();
    }

    @Override
    public void listSymbols(Collection<String> symbols) {
        for (String s : symbols) {
            normalizedByVenue.put(BybitProtocol.toVenueSymbol(s), s);
        }
    }

    // ------------------------------------------------------------------ requests

    /** A client request, read once. */
    private record Request(String op, List<String> args, String reqId) {
    }

    private static Request readRequest(String frame) throws MalformedFrameException {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        JsonCursor in = new JsonCursor(BybitProtocol.EXCHANGE);
        in.reset(bytes, 0, bytes.length);
        if (in.atEnd() || in.peek() != '{') {
            throw in.error("client frame is not a JSON object");
        }
        String op = null;
        String reqId = null;
        List<String> args = new ArrayList<>();
        in.beginObject();
        while (in.nextField()) {
            switch (in.key()) {
                case "op" -> {
                    in.readString();
                    op = in.text();
                }
                case "req_id" -> {
                    if (in.peek() == '"') {
                        in.readString();
                        reqId = in.text();
                    } else {
                        in.skipValue();
                    }
                }
                case "args" -> {
                    in.beginArray();
                    while (in.nextElement()) {
                        if (in.peek() == '"') {
                            in.readString();
                            args.add(in.text());
                        } else {
                            in.skipValue();
                        }
                    }
                }
                default -> in.skipValue();
            }
        }
        if (!in.atEnd()) {
            throw in.error("trailing data after the JSON object");
        }
        if (op == null) {
            throw in.error("client frame without op");
        }
        return new Request(op, args, reqId);
    }

    @Override
    public List<Subscription> parseSubscribe(String frame) throws MalformedFrameException {
        Request r = readRequest(frame);
        switch (r.op()) {
            case "subscribe" -> {
                List<Subscription> subs = new ArrayList<>();
                List<String> invalid = new ArrayList<>();
                for (String topic : r.args()) {
                    List<Subscription> s = subscriptionsOf(topic);
                    if (s.isEmpty()) {
                        invalid.add(topic);
                    } else {
                        subs.addAll(s);
                        subscribedTopics.add(topic);
                    }
                }
                lastReqId = r.reqId();
                lastInvalid = invalid;
                return subs;
            }
            case "unsubscribe" -> {
                r.args().forEach(subscribedTopics::remove);
                return List.of();
            }
            default -> {
                return List.of();
            }
        }
    }

    /**
     * The subscriptions a topic stands for on this category, none when Bybit would call it invalid.
     * An option trades topic ({@code publicTrade.BTC}) stands for every listed contract of that coin.
     */
    private List<Subscription> subscriptionsOf(String topic) {
        if (category.tradesPerBaseCoin() && topic.startsWith("publicTrade.")) {
            String coin = topic.substring("publicTrade.".length());
            List<Subscription> subs = new ArrayList<>();
            for (Map.Entry<String, String> e : normalizedByVenue.entrySet()) {
                if (!coin.isEmpty() && BybitProtocol.baseCoin(e.getKey()).equals(coin)) {
                    subs.add(new Subscription(e.getValue(), Channel.TRADES));
                }
            }
            return subs;
        }
        Subscription s = subscriptionOf(topic);
        if (s != null && s.channel() == Channel.TICKER && category == BybitCategory.LINEAR) {
            // a linear ticker carries the best bid and ask and the derivatives fields
            return List.of(s, new Subscription(s.symbol(), Channel.DERIVATIVE_TICKER));
        }
        return s == null ? List.of() : List.of(s);
    }

    private Subscription subscriptionOf(String topic) {
        int dot = topic.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String head = topic.substring(0, dot);
        String rest = topic.substring(dot + 1);
        switch (head) {
            case "orderbook" -> {
                int dot2 = rest.indexOf('.');
                if (dot2 <= 0 || dot2 == rest.length() - 1) {
                    return null;
                }
                int depth;
                try {
                    depth = Integer.parseInt(rest.substring(0, dot2));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (!category.supportsDepth(depth)) {
                    return null;
                }
                String sym = rest.substring(dot2 + 1);
                if (!validSymbol(sym)) {
                    return null;
                }
                if (!category.quotesFromTickers() && depth == BybitProtocol.QUOTE_DEPTH && protocol.bookDepth() != depth) {
                    stream(sym).quoteSent = false; // a (re)subscription starts with a snapshot
                    return new Subscription(normalized(sym), Channel.TICKER);
                }
                stream(sym).bookDepth = depth;
                return new Subscription(normalized(sym), Channel.L2_BOOK);
            }
            case "allLiquidation" -> {
                return category == BybitCategory.LINEAR && validSymbol(rest) ? new Subscription(normalized(rest), Channel.LIQUIDATIONS) : null;
            }
            case "publicTrade" -> {
                return validSymbol(rest) ? new Subscription(normalized(rest), Channel.TRADES) : null;
            }
            case "tickers" -> {
                if (!category.quotesFromTickers() || !validSymbol(rest)) {
                    return null; // spot tickers carry no bid/ask: spot quotes are served on orderbook.1
                }
                stream(rest).quoteSent = false;
                return new Subscription(normalized(rest), Channel.TICKER);
            }
            default -> {
                return null;
            }
        }
    }

    private boolean validSymbol(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && category == BybitCategory.OPTION))) {
                return false;
            }
        }
        return true;
    }

    /** {@code BTCUSDT} to {@code BTC-USDT}: a symbol given to the constructor, else split at a known quote asset. */
    String normalized(String venueSymbol) {
        String known = normalizedByVenue.get(venueSymbol);
        if (known != null) {
            return known;
        }
        for (String q : QUOTE_ASSETS) {
            if (venueSymbol.length() > q.length() && venueSymbol.endsWith(q)) {
                return venueSymbol.substring(0, venueSymbol.length() - q.length()) + "-" + q;
            }
        }
        return venueSymbol;
    }

    private Stream stream(String venueSymbol) {
        return streams.computeIfAbsent(venueSymbol, v -> new Stream(v, protocol.bookDepth()));
    }

    /** True while the client is subscribed to that symbol's channel on this connection. */
    public boolean isSubscribed(String symbol, Channel channel) {
        return subscribedTopics.contains(topicFor(BybitProtocol.toVenueSymbol(symbol), channel));
    }

    private String topicFor(String venueSymbol, Channel channel) {
        return switch (channel) {
            case L2_BOOK -> "orderbook." + stream(venueSymbol).bookDepth + "." + venueSymbol;
            case TRADES -> "publicTrade." + (category.tradesPerBaseCoin() ? BybitProtocol.baseCoin(venueSymbol) : venueSymbol);
            case TICKER -> category.quotesFromTickers() ? "tickers." + venueSymbol : "orderbook." + BybitProtocol.QUOTE_DEPTH + "." + venueSymbol;
            case DERIVATIVE_TICKER -> "tickers." + venueSymbol;
            case LIQUIDATIONS -> "allLiquidation." + venueSymbol;
        };
    }

    // ------------------------------------------------------------------ replies

    @Override
    public List<String> acknowledge(List<Subscription> subscriptions, java.util.function.Function<String, BookUpdate> currentBooks) {
        if (subscriptions.isEmpty()) {
            return List.of(); // answered by pong(frame)
        }
        List<String> frames = new ArrayList<>();
        frames.add(ack(true, "", "subscribe", lastReqId));
        if (!lastInvalid.isEmpty()) {
            frames.add(ack(false, "Invalid topic: " + String.join(",", lastInvalid), "subscribe", lastReqId));
        }
        for (Subscription s : subscriptions) {
            BookUpdate currentBook = currentBooks.apply(s.symbol());
            if (currentBook == null) {
                continue;
            }
            Stream st = stream(BybitProtocol.toVenueSymbol(s.symbol()));
            if (s.channel() == Channel.L2_BOOK) {
                frames.add(snapshotOf(st, currentBook));
            } else if (s.channel() == Channel.TICKER && !category.quotesFromTickers()
                    && currentBook.bidCount() > 0 && currentBook.askCount() > 0) {
                frames.add(spotQuote(st, currentBook.ts(), currentBook.bidPrice(0), currentBook.bidSize(0),
                        currentBook.askPrice(0), currentBook.askSize(0)));
            }
        }
        return frames;
    }

    private String ack(boolean success, String retMsg, String op, String reqId) {
        StringBuilder sb = new StringBuilder(128).append("{\"success\":").append(success).append(",\"ret_msg\":\"");
        escape(sb, retMsg).append("\",\"conn_id\":\"").append(connId).append('"');
        if (reqId != null) {
            escape(sb.append(",\"req_id\":\""), reqId).append('"');
        }
        return sb.append(",\"op\":\"").append(op).append("\"}").toString();
    }

    @Override
    public String pong(String frame) {
        Request r;
        try {
            r = readRequest(frame);
        } catch (MalformedFrameException e) {
            return null;
        }
        switch (r.op()) {
            case "ping" -> {
                return "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"" + connId + "\",\"req_id\":\""
                        + escape(new StringBuilder(), r.reqId() == null ? "" : r.reqId()) + "\",\"op\":\"ping\"}";
            }
            case "unsubscribe" -> {
                r.args().forEach(subscribedTopics::remove);
                return ack(true, "", "unsubscribe", r.reqId());
            }
            case "subscribe" -> {
                List<String> invalid = new ArrayList<>();
                for (String t : r.args()) {
                    if (subscriptionOf(t) == null) {
                        invalid.add(t);
                    }
                }
                if (!invalid.isEmpty() && invalid.size() == r.args().size()) {
                    return ack(false, "Invalid topic: " + String.join(",", invalid), "subscribe", r.reqId());
                }
                if (r.args().isEmpty()) {
                    return ack(false, "args is empty", "subscribe", r.reqId());
                }
                return null; // answered by acknowledge
            }
            default -> {
                return ack(false, "unsupported op: " + r.op(), r.op(), r.reqId());
            }
        }
    }

    @Override
    public String restSnapshot(String symbol, OrderBook book, int depth) {
        return null;
    }

    @Override
    public void skipSequence(String symbol, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("skip must be >= 0: " + n);
        }
        stream(BybitProtocol.toVenueSymbol(symbol)).pendingSkip += n;
    }

    // ------------------------------------------------------------------ market data

    private long nextBookU(Stream st) {
        st.bookU += 1 + st.pendingSkip;
        st.pendingSkip = 0;
        return st.bookU;
    }

    private long nextCrossSeq() {
        crossSeq += 3; // shared by every symbol of the matching engine: not contiguous per topic
        return crossSeq;
    }

    private StringBuilder bookHeader(StringBuilder sb, String topic, boolean snapshot, long tsNanos) {
        return sb.append("{\"topic\":\"").append(topic).append("\",\"type\":\"").append(snapshot ? "snapshot" : "delta")
                .append("\",\"ts\":").append(millis(tsNanos)).append(",\"data\":{\"s\":\"");
    }

    private String bookTrailer(StringBuilder sb, long u, long tsNanos) {
        return sb.append("],\"u\":").append(u).append(",\"seq\":").append(nextCrossSeq()).append("},\"cts\":")
                .append(millis(tsNanos)).append('}').toString();
    }

    private String snapshotOf(Stream st, BookUpdate book) {
        String topic = "orderbook." + st.bookDepth + "." + st.venueSymbol;
        long u = nextBookU(st);
        StringBuilder sb = bookHeader(new StringBuilder(64 + 48 * (2 * st.bookDepth)), topic, true, book.ts());
        sb.append(st.venueSymbol).append("\",\"b\":[");
        for (int i = 0, n = Math.min(st.bookDepth, book.bidCount()); i < n; i++) {
            level(sb, i, book.bidPrice(i), book.bidSize(i));
        }
        sb.append("],\"a\":[");
        for (int i = 0, n = Math.min(st.bookDepth, book.askCount()); i < n; i++) {
            level(sb, i, book.askPrice(i), book.askSize(i));
        }
        return bookTrailer(sb, u, book.ts());
    }

    @Override
    public String bookFrame(String symbol, BookUpdate update, OrderBook book) {
        Stream st = stream(BybitProtocol.toVenueSymbol(symbol));
        String topic = "orderbook." + st.bookDepth + "." + st.venueSymbol;
        long u = nextBookU(st);
        // orderbook.1 pushes the best level as a snapshot every time, as Bybit does
        boolean snapshot = update.isSnapshot() || (st.bookDepth == 1 && book != null);
        StringBuilder sb = bookHeader(new StringBuilder(160 + 48 * (update.bidCount() + update.askCount())), topic, snapshot, update.ts());
        sb.append(st.venueSymbol).append("\",\"b\":[");
        if (snapshot && book != null) {
            ladder(sb, book.bids(), st.bookDepth);
            sb.append("],\"a\":[");
            ladder(sb, book.asks(), st.bookDepth);
        } else {
            int nb = snapshot ? Math.min(st.bookDepth, update.bidCount()) : update.bidCount();
            for (int i = 0; i < nb; i++) {
                level(sb, i, update.bidPrice(i), update.bidSize(i));
            }
            sb.append("],\"a\":[");
            int na = snapshot ? Math.min(st.bookDepth, update.askCount()) : update.askCount();
            for (int i = 0; i < na; i++) {
                level(sb, i, update.askPrice(i), update.askSize(i));
            }
        }
        return bookTrailer(sb, u, update.ts());
    }

    private static void ladder(StringBuilder sb, PriceLadder side, int depth) {
        for (int i = 0, n = Math.min(depth, side.count()); i < n; i++) {
            level(sb, i, side.price(i), side.size(i));
        }
    }

    private static void level(StringBuilder sb, int i, double price, double size) {
        sb.append(i > 0 ? ",[\"" : "[\"").append(decimal(price)).append("\",\"").append(decimal(size)).append("\"]");
    }

    @Override
    public String tradeFrame(String symbol, Trade trade) {
        String sym = BybitProtocol.toVenueSymbol(symbol);
        long ms = millis(trade.ts());
        String id = category == BybitCategory.SPOT ? Long.toString(trade.id()) : TradeIds.uuidOf(trade.id());
        String topic = category.tradesPerBaseCoin() ? BybitProtocol.baseCoin(sym) : sym;
        StringBuilder sb = new StringBuilder(256).append("{\"topic\":\"publicTrade.").append(topic)
                .append("\",\"type\":\"snapshot\",\"ts\":").append(ms).append(",\"data\":[{\"T\":").append(ms)
                .append(",\"s\":\"").append(sym).append("\",\"S\":\"").append(trade.side() == Side.BUY ? "Buy" : "Sell")
                .append("\",\"v\":\"").append(decimal(trade.amount())).append("\",\"p\":\"").append(decimal(trade.price()));
        if (category == BybitCategory.LINEAR) {
            sb.append("\",\"L\":\"").append(trade.side() == Side.BUY ? "PlusTick" : "MinusTick");
        }
        return sb.append("\",\"i\":\"").append(id).append("\",\"BT\":false}]}").toString();
    }

    @Override
    public String tickerFrame(String symbol, Quote quote) {
        Stream st = stream(BybitProtocol.toVenueSymbol(symbol));
        if (!category.quotesFromTickers()) {
            return spotQuote(st, quote.ts(), quote.bidPrice(), quote.bidSize(), quote.askPrice(), quote.askSize());
        }
        if (category == BybitCategory.OPTION) {
            return optionTicker(st, quote);
        }
        boolean snapshot = !st.quoteSent;
        StringBuilder sb = new StringBuilder(256).append("{\"topic\":\"tickers.").append(st.venueSymbol)
                .append("\",\"type\":\"").append(snapshot ? "snapshot" : "delta").append("\",\"data\":{\"symbol\":\"")
                .append(st.venueSymbol).append('"');
        if (snapshot || !same(st.bidPrice, quote.bidPrice())) {
            sb.append(",\"bid1Price\":\"").append(decimal(quote.bidPrice())).append('"');
        }
        if (snapshot || !same(st.bidSize, quote.bidSize())) {
            sb.append(",\"bid1Size\":\"").append(decimal(quote.bidSize())).append('"');
        }
        if (snapshot || !same(st.askPrice, quote.askPrice())) {
            sb.append(",\"ask1Price\":\"").append(decimal(quote.askPrice())).append('"');
        }
        if (snapshot || !same(st.askSize, quote.askSize())) {
            sb.append(",\"ask1Size\":\"").append(decimal(quote.askSize())).append('"');
        }
        if (snapshot) {
            appendDerivatives(sb, st.derivative, null); // a snapshot has every field
        }
        st.quoteSent = true;
        remember(st, quote.bidPrice(), quote.bidSize(), quote.askPrice(), quote.askSize());
        return sb.append("},\"cs\":").append(nextCrossSeq()).append(",\"ts\":").append(millis(quote.ts())).append('}').toString();
    }

    /**
     * A linear {@code tickers} message of the derivatives fields: the first on the topic a snapshot (with the last
     * quote too), then deltas of what changed.
     */
    @Override
    public List<String> derivativeTickerFrames(String symbol, DerivativeTicker t) {
        if (category != BybitCategory.LINEAR) {
            return List.of();
        }
        Stream st = stream(BybitProtocol.toVenueSymbol(symbol));
        boolean snapshot = !st.quoteSent;
        StringBuilder sb = new StringBuilder(320).append("{\"topic\":\"tickers.").append(st.venueSymbol)
                .append("\",\"type\":\"").append(snapshot ? "snapshot" : "delta").append("\",\"data\":{\"symbol\":\"")
                .append(st.venueSymbol).append('"');
        appendDerivatives(sb, t, snapshot ? null : st.derivative);
        if (snapshot && !Double.isNaN(st.bidPrice)) {
            sb.append(",\"bid1Price\":\"").append(decimal(st.bidPrice)).append("\",\"bid1Size\":\"").append(decimal(st.bidSize))
                    .append("\",\"ask1Price\":\"").append(decimal(st.askPrice)).append("\",\"ask1Size\":\"").append(decimal(st.askSize)).append('"');
        }
        st.quoteSent = true;
        st.derivative.copyFrom(t);
        return List.of(sb.append("},\"cs\":").append(nextCrossSeq()).append(",\"ts\":").append(millis(t.ts())).append('}').toString());
    }

    /** The derivatives fields of {@code t} that are known and differ from {@code before} (all known ones when null). */
    private static void appendDerivatives(StringBuilder sb, DerivativeTicker t, DerivativeTicker before) {
        appendField(sb, "markPrice", t.markPrice(), before == null ? Double.NaN : before.markPrice());
        appendField(sb, "indexPrice", t.indexPrice(), before == null ? Double.NaN : before.indexPrice());
        appendField(sb, "lastPrice", t.lastPrice(), before == null ? Double.NaN : before.lastPrice());
        appendField(sb, "openInterest", t.openInterest(), before == null ? Double.NaN : before.openInterest());
        appendField(sb, "fundingRate", t.fundingRate(), before == null ? Double.NaN : before.fundingRate());
        if (t.nextFundingTime() != 0 && (before == null || before.nextFundingTime() != t.nextFundingTime())) {
            sb.append(",\"nextFundingTime\":\"").append(millis(t.nextFundingTime())).append('"');
        }
    }

    private static void appendField(StringBuilder sb, String name, double v, double before) {
        if (!Double.isNaN(v) && !same(v, before)) {
            sb.append(",\"").append(name).append("\":\"").append(decimal(v)).append('"');
        }
    }

    /** {@code allLiquidation}: {@code S} is the liquidated position's side, the opposite of the liquidation order's. */
    @Override
    public String liquidationFrame(String symbol, Liquidation l) {
        if (category != BybitCategory.LINEAR) {
            return null;
        }
        String venueSymbol = BybitProtocol.toVenueSymbol(symbol);
        long ms = millis(l.ts());
        return new StringBuilder(200).append("{\"topic\":\"allLiquidation.").append(venueSymbol).append("\",\"type\":\"snapshot\",\"ts\":")
                .append(ms).append(",\"data\":[{\"T\":").append(ms).append(",\"s\":\"").append(venueSymbol).append("\",\"S\":\"")
                .append(l.side() == Side.SELL ? "Buy" : "Sell").append("\",\"v\":\"").append(decimal(l.amount())).append("\",\"p\":\"")
                .append(decimal(l.price())).append("\"}]}").toString();
    }

    /** An option ticker: always a whole snapshot; an empty side is price and size 0, as Bybit writes it. */
    private String optionTicker(Stream st, Quote q) {
        boolean noBid = Double.isNaN(q.bidPrice()) || q.bidSize() == 0;
        boolean noAsk = Double.isNaN(q.askPrice()) || q.askSize() == 0;
        long ms = millis(q.ts());
        return new StringBuilder(320).append("{\"id\":\"tickers.").append(st.venueSymbol).append('-').append(ms)
                .append("\",\"topic\":\"tickers.").append(st.venueSymbol).append("\",\"ts\":").append(ms)
                .append(",\"data\":{\"symbol\":\"").append(st.venueSymbol)
                .append("\",\"bidPrice\":\"").append(noBid ? "0" : decimal(q.bidPrice()))
                .append("\",\"bidSize\":\"").append(noBid ? "0" : decimal(q.bidSize()))
                .append("\",\"bidIv\":\"0\",\"askPrice\":\"").append(noAsk ? "0" : decimal(q.askPrice()))
                .append("\",\"askSize\":\"").append(noAsk ? "0" : decimal(q.askSize()))
                .append("\",\"askIv\":\"0\"},\"type\":\"snapshot\"}").toString();
    }

    /** The spot quote stream, {@code orderbook.1.{S}}: a snapshot first, then deltas of what moved. */
    private String spotQuote(Stream st, long tsNanos, double bidPrice, double bidSize, double askPrice, double askSize) {
        boolean snapshot = !st.quoteSent;
        long u = ++st.quoteU;
        String topic = "orderbook." + BybitProtocol.QUOTE_DEPTH + "." + st.venueSymbol;
        StringBuilder sb = bookHeader(new StringBuilder(256), topic, snapshot, tsNanos).append(st.venueSymbol).append("\",\"b\":[");
        topLevel(sb, snapshot, st.bidPrice, st.bidSize, bidPrice, bidSize);
        sb.append("],\"a\":[");
        topLevel(sb, snapshot, st.askPrice, st.askSize, askPrice, askSize);
        st.quoteSent = true;
        remember(st, bidPrice, bidSize, askPrice, askSize);
        return sb.append("],\"u\":").append(u).append(",\"seq\":").append(nextCrossSeq()).append("},\"cts\":")
                .append(millis(tsNanos)).append('}').toString();
    }

    private static void topLevel(StringBuilder sb, boolean snapshot, double oldPrice, double oldSize, double price, double size) {
        if (snapshot) {
            level(sb, 0, price, size);
        } else if (!same(oldPrice, price)) {
            int i = 0;
            if (!Double.isNaN(oldPrice)) {
                level(sb, i++, oldPrice, 0);
            }
            level(sb, i, price, size);
        } else if (!same(oldSize, size)) {
            level(sb, 0, price, size);
        }
    }

    private static void remember(Stream st, double bidPrice, double bidSize, double askPrice, double askSize) {
        st.bidPrice = bidPrice;
        st.bidSize = bidSize;
        st.askPrice = askPrice;
        st.askSize = askSize;
    }

    private static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    private static long millis(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L);
    }

    /** Plain decimal text that parses back to exactly {@code v} (integers without a point, as Bybit writes "0"). */
    static String decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static StringBuilder escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb;
    }
}
