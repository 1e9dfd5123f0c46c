package io.featurizer.exchanges.coinbase;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.JsonCursor;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;

import static io.featurizer.exchanges.protocol.JsonCursor.ascii;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one Coinbase Advanced Trade market-data connection. One instance per connection, used by
 * the connection's reader thread only.
 *
 * <h2>Messages</h2>
 * Every channel message is {@code {"channel", "client_id", "timestamp", "sequence_num", "events":[..]}}:
 * <ul>
 *   <li>{@code l2_data}: each event {@code {type: snapshot|update, product_id, updates:[{side: bid|offer,
 *       event_time, price_level, new_quantity}]}} becomes one {@link BookUpdate} (snapshot flag from
 *       {@code type}; {@code bid} levels to bids, {@code offer} to asks; quantities are absolute, 0
 *       deletes). {@code ts}: a snapshot's is the message {@code timestamp} (its levels' event times
 *       are when each level last changed, not when the book was taken); an update's is its latest
 *       {@code event_time}.</li>
 *   <li>{@code market_trades}: each trade of an {@code update} event becomes one {@link Trade},
 *       {@code ts} from its {@code time}. Coinbase's {@code side} is the <b>maker's</b> side (see
 *       {@link #takerSide}), so the taker side is its opposite. The {@code snapshot} event sent on
 *       subscribing (the venue's recent-trades backlog) is not forwarded: those trades happened
 *       before the subscription, and after a reconnect they repeat trades already delivered.</li>
 *   <li>{@code ticker}: each ticker becomes one {@link Quote} from {@code best_bid},
 *       {@code best_bid_quantity}, {@code best_ask}, {@code best_ask_quantity}, {@code ts} from the
 *       message {@code timestamp}. Coinbase added the two quantities to the ticker later than the
 *       prices; when a message has no quantity the size is NaN. A ticker without both prices is not
 *       a quote and is dropped (counted in {@link #ignoredEvents()}).</li>
 *   <li>{@code heartbeats} and {@code subscriptions}: {@link FrameSink#onHeartbeat()}.</li>
 *   <li>{@code {"type":"error","message":..}}: {@link FrameSink#onSubscriptionError}.</li>
 *   <li>Anything else (not JSON, not an object, no {@code channel}, a channel this decoder does
 *       not read, a missing or invalid field): {@link MalformedFrameException}.</li>
 * </ul>
 * Events for a product and channel the connection did not ask for are dropped and counted.
 *
 * <h2>Sequence numbers: how a gap reaches the book</h2>
 * Coinbase numbers every message of a connection, all channels together, with {@code sequence_num}
 * increasing by exactly 1; a jump means messages were lost, and any of them may have been a book
 * update. A {@link io.featurizer.exchanges.protocol.BookSync} only sees book messages, so the decoder
 * (which sees every message) turns connection continuity into a per-book chain:
 * <ul>
 *   <li>each {@code l2_data} BookUpdate gets {@code firstSeq = lastSeq = sequence_num};</li>
 *   <li>its {@code prevSeq} is the {@code sequence_num} of the previous {@code l2_data} message of the
 *       same product on this connection <b>if no sequence number has been missed since then</b>, and
 *       -1 otherwise (or when it is the product's first book message on the connection);</li>
 *   <li>{@link CoinbaseBookSync} applies a delta only when its {@code prevSeq} equals the
 *       {@code lastSeq} of the book message it accepted last. So a gap anywhere on the connection, on
 *       any channel, makes the next delta of every product answer RESYNC; a snapshot starts a new
 *       chain.</li>
 * </ul>
 * A frame whose {@code sequence_num} is not above the last one seen (a duplicate, or a frame
 * arriving after a later one) is dropped whole and counted in {@link #staleFrames()}; the frame it
 * was overtaken by already showed the gap. An {@code l2_data} frame that fails to decode after its
 * number was taken counts as lost: the chain breaks as if it had never arrived.
 *
 * <h2>Allocation</h2>
 * None per frame in steady state: a hand-written cursor over the frame's bytes, one reused
 * {@link BookUpdate}, {@link Trade} and {@link Quote} (views valid during the sink call), products
 * looked up by comparing characters against a small table built at construction, prices through
 * {@link io.featurizer.core.text.Decimals}, timestamps through an arithmetic RFC 3339
 * parser. Errors (the exception and its message) and error frames allocate.
 */
public final class CoinbaseDecoder implements FrameDecoder {
    static final int CH_NONE = 0, CH_L2 = 1, CH_TRADES = 2, CH_TICKER = 3, CH_HEARTBEATS = 4, CH_SUBSCRIPTIONS = 5, CH_OTHER = 6;
    private static final long NO_TS = Long.MIN_VALUE;

    private static final byte[] CHANNEL = ascii("channel"), TYPE = ascii("type"), TIMESTAMP = ascii("timestamp"),
            SEQUENCE_NUM = ascii("sequence_num"), EVENTS = ascii("events"), MESSAGE = ascii("message"),
            PRODUCT_ID = ascii("product_id"), UPDATES = ascii("updates"), SIDE = ascii("side"), EVENT_TIME = ascii("event_time"),
            PRICE_LEVEL = ascii("price_level"), NEW_QUANTITY = ascii("new_quantity"), TRADES = ascii("trades"),
            TRADE_ID = ascii("trade_id"), PRICE = ascii("price"), SIZE = ascii("size"), TIME = ascii("time"),
            TICKERS = ascii("tickers"), BEST_BID = ascii("best_bid"), BEST_BID_QUANTITY = ascii("best_bid_quantity"),
            BEST_ASK = ascii("best_ask"), BEST_ASK_QUANTITY = ascii("best_ask_quantity");
    // string values
    private static final byte[] S_ERROR = ascii("error"), S_SNAPSHOT = ascii("snapshot"), S_UPDATE = ascii("update"),
            S_BID = ascii("bid"), S_OFFER = ascii("offer"), S_ASK = ascii("ask"), S_L2_DATA = ascii("l2_data"),
            S_MARKET_TRADES = ascii("market_trades"), S_TICKER = ascii("ticker"), S_HEARTBEATS = ascii("heartbeats"),
            S_SUBSCRIPTIONS = ascii("subscriptions");

    /** One product of this connection, with the subscriptions events are reported under. */
    private static final class Product {
        final byte[] id;
        Subscription book;
        Subscription trades;
        Subscription ticker;
        /** sequence_num of this product's last l2_data message on the connection, -1 before the first. */
        long lastBookSeq = -1;

        Product(String id) {
            this.id = ascii(id);
        }
    }

    private final JsonCursor in = new JsonCursor();
    private final BookUpdate book = new BookUpdate();
    private final Trade trade = new Trade();
    private final Quote quote = new Quote();
    private final Product[] products;

    // connection state
    private long lastSeen = -1;
    /** sequence_num of the first message after the latest hole; a book chain ending before it is broken. */
    private long gapSeq = -1;
    private long gaps;
    private long lostMessages;
    private long staleFrames;
    private long ignoredEvents;

    // the frame being decoded
    private FrameSink sink;
    private long receiptTs;
    private int channel;
    private long envTs;
    private long seq;
    private boolean sequenced;

    public CoinbaseDecoder(List<Subscription> subscriptions) {
        java.util.ArrayList<Product> list = new java.util.ArrayList<>();
        for (Subscription s : subscriptions) {
            String id = CoinbaseProtocol.productId(s.symbol());
            Product p = null;
            for (Product q : list) {
                if (Arrays.equals(q.id, ascii(id))) {
                    p = q;
                }
            }
            if (p == null) {
                p = new Product(id);
                list.add(p);
            }
            switch (s.channel()) {
                case L2_BOOK -> p.book = s;
                case TRADES -> p.trades = s;
                case TICKER -> p.ticker = s;
            }
        }
        this.products = list.toArray(new Product[0]);
    }

    @Override
    public void decode(byte[] frame, int offset, int length, long receiptTs, FrameSink sink) throws MalformedFrameException {
        this.sink = sink;
        this.receiptTs = receiptTs;
        channel = CH_NONE;
        envTs = NO_TS;
        sequenced = false;
        boolean hasSeq = false;
        boolean error = false;
        boolean eventsRead = false;
        int eventsAt = -1;
        int messageAt = -1;
        int channelAt = -1;
        in.reset(frame, offset, length);
        try {
            if (in.peek() != '{') {
                throw in.error("a JSON object expected");
            }
            in.beginObject();
            while (in.nextField()) {
                if (in.keyIs(CHANNEL)) {
                    in.readString();
                    channel = channelCode();
                    channelAt = in.stringStart();
                } else if (in.keyIs(TIMESTAMP)) {
                    envTs = readTime();
                } else if (in.keyIs(SEQUENCE_NUM)) {
                    seq = in.readLong();
                    hasSeq = true;
                } else if (in.keyIs(EVENTS)) {
                    if (channel != CH_NONE && hasSeq && envTs != NO_TS) { // the usual field order: read in place
                        if (!takeSequence()) {
                            return;
                        }
                        readEvents();
                        eventsRead = true;
                    } else {
                        eventsAt = in.position();
                        in.skipValue();
                    }
                } else if (in.keyIs(TYPE)) {
                    if (in.nextIsNull()) {
                        continue;
                    }
                    in.readString();
                    error = in.stringIs(S_ERROR);
                } else if (in.keyIs(MESSAGE)) {
                    messageAt = in.position();
                    in.skipValue();
                } else {
                    in.skipValue();
                }
            }
            in.expectEnd();
            if (error) {
                sink.onSubscriptionError(errorText(frame, offset, length, messageAt));
                return;
            }
            if (channel == CH_NONE) {
                throw new MalformedFrameException("no \"channel\" in '" + preview(frame, offset, length) + "'");
            }
            if (!eventsRead) {
                if (!hasSeq) {
                    throw new MalformedFrameException("no \"sequence_num\" in a " + channelName(frame, channelAt) + " message");
                }
                if (!takeSequence()) {
                    return;
                }
                if (eventsAt >= 0) {
                    in.seek(eventsAt);
                    readEvents();
                } else if (channel <= CH_TICKER) {
                    throw new MalformedFrameException("no \"events\" in a " + channelName(frame, channelAt) + " message");
                }
            }
            if (channel == CH_HEARTBEATS || channel == CH_SUBSCRIPTIONS) {
                sink.onHeartbeat();
            } else if (channel == CH_OTHER) {
                throw new MalformedFrameException("unsupported channel " + channelName(frame, channelAt));
            }
        } catch (MalformedFrameException e) {
            if (sequenced && channel == CH_L2 && gapSeq <= seq) {
                // a numbered book message was lost to the error: break every chain as a gap would
                gapSeq = seq + 1;
                lostMessages++;
            }
            throw e;
        } finally {
            this.sink = null;
        }
    }

    /**
     * Accounts for this frame's sequence_num. Returns false for a stale frame (not above the last
     * number seen), which is dropped.
     */
    private boolean takeSequence() {
        if (lastSeen >= 0) {
            if (seq <= lastSeen) {
                staleFrames++;
                return false;
            }
            if (seq != lastSeen + 1) {
                gaps++;
                lostMessages += seq - lastSeen - 1;
                gapSeq = seq;
            }
        }
        lastSeen = seq;
        sequenced = true;
        return true;
    }

    private void readEvents() throws MalformedFrameException {
        in.beginArray();
        while (in.nextElement()) {
            switch (channel) {
                case CH_L2 -> readBookEvent();
                case CH_TRADES -> readTradesEvent();
                case CH_TICKER -> readTickerEvent();
                default -> in.skipValue();
            }
        }
    }

    /** Reads an event's {@code type}: 0 for snapshot, 1 for update, else a malformed frame naming the channel. */
    private int readEventType(String channel) throws MalformedFrameException {
        in.readString();
        if (in.stringIs(S_SNAPSHOT)) {
            return 0;
        }
        if (in.stringIs(S_UPDATE)) {
            return 1;
        }
        throw in.error(channel + " event type '" + in.text() + "' is neither snapshot nor update");
    }

    // ---------------------------------------------------------------- l2_data

    private void readBookEvent() throws MalformedFrameException {
        in.beginObject();
        int type = -1; // 0 snapshot, 1 update
        boolean hasProduct = false;
        Product p = null;
        int updatesAt = -1;
        boolean done = false;
        while (in.nextField()) {
            if (in.keyIs(TYPE)) {
                type = readEventType("l2_data");
            } else if (in.keyIs(PRODUCT_ID)) {
                in.readString();
                p = product();
                hasProduct = true;
            } else if (in.keyIs(UPDATES)) {
                if (type >= 0 && hasProduct) {
                    readBookUpdates(type == 0, p);
                    done = true;
                } else {
                    updatesAt = in.position();
                    in.skipValue();
                }
            } else {
                in.skipValue();
            }
        }
        if (!done) {
            if (type < 0 || !hasProduct || updatesAt < 0) {
                throw new MalformedFrameException("an l2_data event needs \"type\", \"product_id\" and \"updates\"");
            }
            int after = in.position();
            in.seek(updatesAt);
            readBookUpdates(type == 0, p);
            in.seek(after);
        }
    }

    private void readBookUpdates(boolean snapshot, Product p) throws MalformedFrameException {
        book.reset(envTs, receiptTs, snapshot);
        boolean needTimes = !snapshot || envTs == NO_TS;
        long latest = NO_TS;
        in.beginArray();
        while (in.nextElement()) {
            in.beginObject();
            int side = 0; // 1 bid, 2 offer
            double price = Double.NaN;
            double quantity = Double.NaN;
            while (in.nextField()) {
                if (in.keyIs(PRICE_LEVEL)) {
                    price = in.readDecimal();
                } else if (in.keyIs(NEW_QUANTITY)) {
                    quantity = in.readDecimal();
                } else if (in.keyIs(SIDE)) {
                    in.readString();
                    side = in.stringIs(S_BID) ? 1 : in.stringIs(S_OFFER) || in.stringIs(S_ASK) ? 2 : -1;
                    if (side < 0) {
                        throw in.error("l2_data side '" + in.text() + "' is neither bid nor offer");
                    }
                } else if (in.keyIs(EVENT_TIME) && needTimes) {
                    latest = Math.max(latest, readTime());
                } else {
                    in.skipValue();
                }
            }
            if (side == 0 || Double.isNaN(price) || Double.isNaN(quantity)) {
                throw new MalformedFrameException("an l2_data update needs \"side\", \"price_level\" and \"new_quantity\"");
            }
            if (side == 1) {
                book.addBid(price, quantity);
            } else {
                book.addAsk(price, quantity);
            }
        }
        long ts = snapshot && envTs != NO_TS ? envTs : latest != NO_TS ? latest : envTs != NO_TS ? envTs : receiptTs;
        book.setTimes(ts, receiptTs);
        if (p == null || p.book == null) {
            ignoredEvents++;
            return;
        }
        long prev = p.lastBookSeq >= 0 && gapSeq <= p.lastBookSeq ? p.lastBookSeq : -1;
        book.sequence(seq, seq, prev);
        p.lastBookSeq = seq;
        sink.onEvent(p.book, book);
    }

    // ---------------------------------------------------------------- market_trades

    private void readTradesEvent() throws MalformedFrameException {
        in.beginObject();
        int type = -1; // 0 snapshot, 1 update
        int tradesAt = -1;
        boolean done = false;
        while (in.nextField()) {
            if (in.keyIs(TYPE)) {
                type = readEventType("market_trades");
            } else if (in.keyIs(TRADES)) {
                if (type >= 0) {
                    readTrades(type == 0);
                    done = true;
                } else {
                    tradesAt = in.position();
                    in.skipValue();
                }
            } else {
                in.skipValue();
            }
        }
        if (!done && tradesAt >= 0) {
            int after = in.position();
            in.seek(tradesAt);
            readTrades(type == 0);
            in.seek(after);
        }
    }

    private void readTrades(boolean backlog) throws MalformedFrameException {
        in.beginArray();
        while (in.nextElement()) {
            in.beginObject();
            long id = -1;
            boolean hasProduct = false;
            Product p = null;
            double price = Double.NaN;
            double size = Double.NaN;
            int side = 2; // 2: absent
            long time = NO_TS;
            while (in.nextField()) {
                if (in.keyIs(PRICE)) {
                    price = in.readDecimal();
                } else if (in.keyIs(SIZE)) {
                    size = in.readDecimal();
                } else if (in.keyIs(SIDE)) {
                    in.readString();
                    side = takerSide(in.bytes(), in.stringStart(), in.stringLength());
                    if (side == 2) {
                        throw in.error("market_trades side '" + in.text() + "' is neither BUY nor SELL");
                    }
                } else if (in.keyIs(PRODUCT_ID)) {
                    in.readString();
                    p = product();
                    hasProduct = true;
                } else if (in.keyIs(TRADE_ID)) {
                    id = readTradeId();
                } else if (in.keyIs(TIME)) {
                    time = readTime();
                } else {
                    in.skipValue();
                }
            }
            if (!hasProduct || side == 2 || Double.isNaN(price) || Double.isNaN(size)) {
                throw new MalformedFrameException("a market_trades trade needs \"product_id\", \"price\", \"size\" and \"side\"");
            }
            if (backlog || p == null || p.trades == null) {
                ignoredEvents++;
                continue;
            }
            long ts = time != NO_TS ? time : envTs != NO_TS ? envTs : receiptTs;
            trade.set(ts, receiptTs, side, price, size, id);
            sink.onEvent(p.trades, trade);
        }
    }

    /**
     * The taker side of a Coinbase public trade from its {@code side} field, which is the <b>maker</b>
     * order's side: {@code BUY} (a resting bid was hit) means the taker sold. Sources: Coinbase
     * Exchange's feed documents its match {@code side} as "the maker order side" (a sell side is an
     * up-tick) and its REST trade schema describes {@code side} as "Maker side"; Advanced Trade's
     * {@code market_trades} reuses the same matching-engine trade and convention, as NautilusTrader's
     * Coinbase adapter states ("Coinbase reports the maker side on public market trades, so the
     * aggressor is the opposite side"). Advanced Trade's own channel page does not say which side it
     * is. Returns {@link Side#BUY}, {@link Side#SELL}, 0 for Coinbase's {@code UNKNOWN_ORDER_SIDE},
     * or 2 for anything else.
     */
    static int takerSide(byte[] c, int off, int len) {
        if (eqIgnoreCase(c, off, len, "BUY")) {
            return Side.SELL;
        }
        if (eqIgnoreCase(c, off, len, "SELL")) {
            return Side.BUY;
        }
        if (eqIgnoreCase(c, off, len, "UNKNOWN_ORDER_SIDE")) {
            return 0;
        }
        return 2;
    }

    // ---------------------------------------------------------------- ticker

    private void readTickerEvent() throws MalformedFrameException {
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(TICKERS)) {
                readTickers();
            } else {
                in.skipValue();
            }
        }
    }

    private void readTickers() throws MalformedFrameException {
        in.beginArray();
        while (in.nextElement()) {
            in.beginObject();
            boolean hasProduct = false;
            Product p = null;
            double bid = Double.NaN;
            double bidSize = Double.NaN;
            double ask = Double.NaN;
            double askSize = Double.NaN;
            while (in.nextField()) {
                if (in.keyIs(BEST_BID)) {
                    bid = in.readOptionalDecimal();
                } else if (in.keyIs(BEST_ASK)) {
                    ask = in.readOptionalDecimal();
                } else if (in.keyIs(BEST_BID_QUANTITY)) {
                    bidSize = in.readOptionalDecimal();
                } else if (in.keyIs(BEST_ASK_QUANTITY)) {
                    askSize = in.readOptionalDecimal();
                } else if (in.keyIs(PRODUCT_ID)) {
                    in.readString();
                    p = product();
                    hasProduct = true;
                } else {
                    in.skipValue();
                }
            }
            if (!hasProduct) {
                throw new MalformedFrameException("a ticker needs \"product_id\"");
            }
            if (p == null || p.ticker == null || Double.isNaN(bid) || Double.isNaN(ask)) {
                ignoredEvents++;
                continue;
            }
            quote.set(envTs != NO_TS ? envTs : receiptTs, receiptTs, bid, bidSize, ask, askSize);
            sink.onEvent(p.ticker, quote);
        }
    }

    // ---------------------------------------------------------------- helpers

    private long readTime() throws MalformedFrameException {
        in.readString();
        long t = Rfc3339.parse(in.bytes(), in.stringStart(), in.stringLength());
        if (t == Rfc3339.INVALID) {
            throw in.error("'" + in.text() + "' is not an RFC 3339 time");
        }
        return t;
    }

    /** The product named by the last string read, or null when this connection has none of that name. */
    private Product product() {
        for (Product p : products) {
            if (in.stringIs(p.id)) {
                return p;
            }
        }
        return null;
    }

    /** A trade id, quoted or bare; -1 when it is not a whole number (Trade ids are longs). */
    private long readTradeId() throws MalformedFrameException {
        int from;
        int to;
        if (in.peek() == '"') {
            in.readString();
            from = in.stringStart();
            to = from + in.stringLength();
        } else {
            from = in.position();
            in.readDecimal(); // a bare number: validated
            to = in.position();
        }
        byte[] b = in.bytes();
        if (from == to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private int channelCode() {
        if (in.stringIs(S_L2_DATA)) {
            return CH_L2;
        }
        if (in.stringIs(S_MARKET_TRADES)) {
            return CH_TRADES;
        }
        if (in.stringIs(S_TICKER)) {
            return CH_TICKER;
        }
        if (in.stringIs(S_HEARTBEATS)) {
            return CH_HEARTBEATS;
        }
        if (in.stringIs(S_SUBSCRIPTIONS)) {
            return CH_SUBSCRIPTIONS;
        }
        return CH_OTHER;
    }

    private String channelName(byte[] frame, int channelAt) {
        if (channelAt < 0) {
            return "?";
        }
        int e = channelAt;
        while (e < frame.length && frame[e] != '"') {
            e++;
        }
        return "'" + new String(frame, channelAt, e - channelAt, StandardCharsets.UTF_8) + "'";
    }

    private String errorText(byte[] frame, int offset, int length, int messageAt) throws MalformedFrameException {
        if (messageAt >= 0) {
            in.seek(messageAt);
            if (in.peek() == '"') {
                in.readString();
                return in.text();
            }
        }
        return "Coinbase error: " + new String(frame, offset, length, StandardCharsets.UTF_8);
    }

    private static String preview(byte[] frame, int offset, int length) {
        return new String(frame, offset, Math.min(length, 80), StandardCharsets.UTF_8);
    }

    private static boolean eqIgnoreCase(byte[] c, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (Character.toUpperCase((char) c[off + i]) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }


    // ---------------------------------------------------------------- counters

    /** Number of times a sequence_num jumped by more than 1. */
    public long gaps() {
        return gaps;
    }

    /** Sequence numbers missed in those jumps, plus book messages lost to a decoding error. */
    public long lostMessages() {
        return lostMessages;
    }

    /** Frames dropped because their sequence_num was not above the last one seen (duplicates, late frames). */
    public long staleFrames() {
        return staleFrames;
    }

    /** Events dropped: unsubscribed product or channel, the market_trades backlog, tickers without both prices. */
    public long ignoredEvents() {
        return ignoredEvents;
    }

    /** The last sequence_num seen on this connection, or -1. */
    public long lastSequence() {
        return lastSeen;
    }
}
