package io.featurizer.exchanges.coinbase;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's Coinbase Advanced Trade connection: writes events as the venue's frames and owns
 * the connection's {@code sequence_num}, which every frame it produces takes in turn (starting at 0); the simulator
 * {@link #renumber renumbers} the frames of each connection so its own numbers have no holes.
 * Frames must be sent in the order they were produced. Methods are synchronized so frames produced
 * on different simulator threads still get distinct numbers.
 *
 * <ul>
 *   <li>{@link #parseSubscribe}: {@code subscribe} requests for {@code level2} (or {@code l2_data}),
 *       {@code market_trades} and {@code ticker}; {@code heartbeats} and {@code unsubscribe} are
 *       remembered for the next {@code subscriptions} message but yield no subscription.</li>
 *   <li>{@link #acknowledge}: a {@code subscriptions} message listing everything the connection is
 *       subscribed to, then an {@code l2_data} snapshot of {@code currentBook} per book subscription.</li>
 *   <li>{@link #bookFrame}: one {@code l2_data} event (snapshot or update) with {@code timestamp} and
 *       every {@code event_time} = the update's {@code ts}; {@link #tradeFrame}: one
 *       {@code market_trades} update, {@code side} = the maker side (opposite of the taker, see
 *       {@link CoinbaseDecoder#takerSide}); {@link #tickerFrame}: one {@code ticker} update with the
 *       best bid and ask and their quantities ({@code price} = the mid, as the quote has no last
 *       price).</li>
 *   <li>{@link #skipSequence}: the next book frame of that symbol jumps {@code n} numbers ahead.</li>
 *   <li>No application ping ({@link #pong} is null) and no REST snapshot ({@link #restSnapshot} is null).</li>
 * </ul>
 * Prices and sizes are written as plain decimals that parse back to the same double; times as RFC
 * 3339 with nine fraction digits, so they round-trip to the nanosecond.
 */
public final class CoinbaseEncoder implements VenueEncoder {
    private static final byte[] TYPE = "type".getBytes(StandardCharsets.US_ASCII), PRODUCT_IDS = "product_ids".getBytes(StandardCharsets.US_ASCII),
            CHANNEL = "channel".getBytes(StandardCharsets.US_ASCII);

    private long nextSeq;
    private long lastTs;
    private final Map<String, Integer> pendingSkips = new HashMap<>();
    /** venue channel name -> products, as the subscriptions message lists them */
    private final Map<String, Set<String>> subscribed = new LinkedHashMap<>();

    @Override
    public synchronized List<Subscription> parseSubscribe(String frame) throws MalformedFrameException {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        JsonCursor in = new JsonCursor();
        in.reset(bytes, 0, bytes.length);
        String type = null;
        String channel = null;
        List<String> products = new ArrayList<>();
        if (in.peek() != '{') {
            throw in.error("a JSON object expected");
        }
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(TYPE)) {
                in.readString();
                type = in.text();
            } else if (in.keyIs(CHANNEL)) {
                in.readString();
                channel = in.text();
            } else if (in.keyIs(PRODUCT_IDS)) {
                in.beginArray();
                while (in.nextElement()) {
                    in.readString();
                    products.add(CoinbaseProtocol.productId(in.text()));
                }
            } else {
                in.skipValue();
            }
        }
        in.expectEnd();
        boolean subscribe = "subscribe".equals(type);
        if (!subscribe && !"unsubscribe".equals(type)) {
            return List.of();
        }
        if (channel == null) {
            throw new MalformedFrameException("a Coinbase " + type + " request needs a \"channel\"");
        }
        Channel normalized = switch (channel) {
            case "level2", "l2_data" -> Channel.L2_BOOK;
            case "market_trades" -> Channel.TRADES;
            case "ticker" -> Channel.TICKER;
            case "heartbeats" -> null;
            default -> throw new MalformedFrameException("Coinbase has no channel '" + channel + "'");
        };
        String listed = normalized == null ? "heartbeats" : CoinbaseProtocol.channelName(normalized);
        if (!subscribe) {
            Set<String> set = subscribed.get(listed);
            if (set != null) {
                products.forEach(set::remove);
            }
            return List.of();
        }
        subscribed.computeIfAbsent(listed, k -> new LinkedHashSet<>()).addAll(products);
        if (normalized == null) {
            return List.of();
        }
        List<Subscription> result = new ArrayList<>(products.size());
        for (String p : products) {
            result.add(new Subscription(p, normalized));
        }
        return result;
    }

    @Override
    public synchronized List<String> acknowledge(List<Subscription> subscriptions, java.util.function.Function<String, BookUpdate> currentBook) {
        BookUpdate firstBook = null;
        for (Subscription s : subscriptions) {
            if (s.channel() == Channel.L2_BOOK && firstBook == null) {
                firstBook = currentBook.apply(s.symbol());
            }
        }
        long ts = firstBook != null ? firstBook.ts() : lastTs != 0 ? lastTs : System.currentTimeMillis() * 1_000_000L;
        List<String> frames = new ArrayList<>(1 + subscriptions.size());
        StringBuilder sb = header("subscriptions", ts).append("[{\"subscriptions\":{");
        boolean firstChannel = true;
        for (Map.Entry<String, Set<String>> e : subscribed.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            if (!firstChannel) {
                sb.append(',');
            }
            firstChannel = false;
            quote(sb, e.getKey()).append(":[");
            boolean first = true;
            for (String p : e.getValue()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, p);
            }
            sb.append(']');
        }
        frames.add(sb.append("}}]}").toString());
        for (Subscription s : subscriptions) {
            BookUpdate book = s.channel() == Channel.L2_BOOK ? currentBook.apply(s.symbol()) : null;
            if (book != null) {
                frames.add(l2(CoinbaseProtocol.productId(s.symbol()), book, true));
            }
        }
        return frames;
    }

    @Override
    public synchronized String bookFrame(String symbol, BookUpdate update, OrderBook book) {
        String product = CoinbaseProtocol.productId(symbol);
        Integer skip = pendingSkips.remove(product);
        if (skip != null) {
            nextSeq += skip;
        }
        return l2(product, update, update.isSnapshot());
    }

    private String l2(String product, BookUpdate u, boolean snapshot) {
        StringBuilder sb = header("l2_data", u.ts()).append("[{\"type\":\"").append(snapshot ? "snapshot" : "update")
                .append("\",\"product_id\":");
        quote(sb, product).append(",\"updates\":[");
        String time = Rfc3339.format(u.ts());
        for (int i = 0; i < u.bidCount(); i++) {
            level(sb, i == 0 ? "" : ",", "bid", time, u.bidPrice(i), u.bidSize(i));
        }
        for (int i = 0; i < u.askCount(); i++) {
            level(sb, i == 0 && u.bidCount() == 0 ? "" : ",", "offer", time, u.askPrice(i), u.askSize(i));
        }
        return sb.append("]}]}").toString();
    }

    private static void level(StringBuilder sb, String sep, String side, String time, double price, double size) {
        sb.append(sep).append("{\"side\":\"").append(side).append("\",\"event_time\":\"").append(time).append("\",\"price_level\":\"");
        decimal(sb, price).append("\",\"new_quantity\":\"");
        decimal(sb, size).append("\"}");
    }

    @Override
    public synchronized String tradeFrame(String symbol, Trade trade) {
        StringBuilder sb = header("market_trades", trade.ts()).append("[{\"type\":\"update\",\"trades\":[{\"trade_id\":\"")
                .append(trade.id()).append("\",\"product_id\":");
        quote(sb, CoinbaseProtocol.productId(symbol)).append(",\"price\":\"");
        decimal(sb, trade.price()).append("\",\"size\":\"");
        decimal(sb, trade.amount()).append("\",\"side\":\"").append(makerSide(trade.side())).append("\",\"time\":\"");
        Rfc3339.format(trade.ts(), sb);
        return sb.append("\"}]}]}").toString();
    }

    /** The maker side Coinbase writes for a taker side. */
    static String makerSide(int takerSide) {
        return takerSide == Side.BUY ? "SELL" : takerSide == Side.SELL ? "BUY" : "UNKNOWN_ORDER_SIDE";
    }

    @Override
    public synchronized String tickerFrame(String symbol, Quote quote) {
        StringBuilder sb = header("ticker", quote.ts()).append("[{\"type\":\"update\",\"tickers\":[{\"type\":\"ticker\",\"product_id\":");
        quote(sb, CoinbaseProtocol.productId(symbol));
        double mid = (quote.bidPrice() + quote.askPrice()) / 2;
        optional(sb, "price", mid);
        optional(sb, "best_bid", quote.bidPrice());
        optional(sb, "best_bid_quantity", quote.bidSize());
        optional(sb, "best_ask", quote.askPrice());
        optional(sb, "best_ask_quantity", quote.askSize());
        return sb.append("}]}]}").toString();
    }

    private static void optional(StringBuilder sb, String field, double value) {
        if (Double.isFinite(value)) {
            sb.append(",\"").append(field).append("\":\"");
            decimal(sb, value).append('"');
        }
    }

    /** Null: Coinbase has no application-level ping. */
    @Override
    public String pong(String frame) {
        return null;
    }

    /** Null: book snapshots come over the WebSocket. */
    @Override
    public String restSnapshot(String symbol, OrderBook book, int depth) {
        return null;
    }

    @Override
    public synchronized void skipSequence(String symbol, int n) {
        pendingSkips.merge(CoinbaseProtocol.productId(symbol), n, Integer::sum);
    }

    /** The sequence_num the next frame will carry. */
    @Override
    public synchronized long nextSequence() {
        return nextSeq;
    }

    /** Coinbase numbers each connection's messages from 0, all channels together. */
    @Override
    public boolean numbersEachConnection() {
        return true;
    }

    @Override
    public String renumber(String frame, long offset) {
        if (offset == 0) {
            return frame;
        }
        int at = frame.indexOf(SEQUENCE_KEY);
        if (at < 0) {
            return frame;
        }
        int from = at + SEQUENCE_KEY.length();
        int to = from;
        while (to < frame.length() && Character.isDigit(frame.charAt(to))) {
            to++;
        }
        return frame.substring(0, from) + (Long.parseLong(frame, from, to, 10) - offset) + frame.substring(to);
    }

    private static final String SEQUENCE_KEY = "\"sequence_num\":";

    /** Starts a frame of a channel: the envelope up to the events array, taking the next sequence_num. */
    private StringBuilder header(String channel, long ts) {
        lastTs = ts;
        StringBuilder sb = new StringBuilder(256).append("{\"channel\":\"").append(channel).append("\",\"client_id\":\"\",\"timestamp\":\"");
        Rfc3339.format(ts, sb).append("\",\"sequence_num\":").append(nextSeq++).append(",\"events\":");
        return sb;
    }

    /** Appends a double as a plain decimal string ({@code 68900.5}, {@code 0.0001}) that parses back to the same value. */
    static StringBuilder decimal(StringBuilder sb, double v) {
        String s = Double.toString(v);
        if (s.indexOf('E') >= 0) {
            s = new BigDecimal(s).toPlainString();
        }
        return sb.append(s);
    }

    static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
