package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.TradeIds;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
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
 * Reads one Bybit v5 public connection's frames: a hand-written scanner ({@link JsonCursor}) over the
 * frame bytes, so a frame is decoded without allocating (the events handed to the sink are this
 * decoder's reused {@link BookUpdate}, {@link Trade} and {@link Quote}, views valid during the call).
 * Fields may come in any order (the linear ticker puts {@code ts} after {@code data}).
 *
 * <table>
 *     <caption>What each frame becomes</caption>
 *     <tr><td>{@code orderbook.{depth}.{S}} snapshot / delta</td><td>{@code BookUpdate} snapshot=true / false,
 *     sequence {@code (u, u, -1)}, {@code ts} = message {@code ts} (ms, the time the system generated the
 *     data) in ns. The cross sequence {@code seq} is kept in {@link #lastCrossSequence()}.</td></tr>
 *     <tr><td>{@code publicTrade.{S}}</td><td>one {@code Trade} per element of {@code data}: {@code S}
 *     Buy/Sell as the taker side, {@code p}, {@code v}, {@code i} (see {@link TradeIds}), {@code ts} =
 *     the trade's {@code T}.</td></tr>
 *     <tr><td>{@code tickers.{S}} (linear)</td><td>{@code Quote} of {@code bid1Price}, {@code bid1Size},
 *     {@code ask1Price}, {@code ask1Size}. A snapshot sets all four; a delta carries only the fields that
 *     changed and is merged into the last known values of that symbol. Emitted once all four are known,
 *     for a snapshot and for a delta that carried at least one of them (deltas that only move, say,
 *     the mark price emit nothing). {@code ts} = message {@code ts}.</td></tr>
 *     <tr><td>{@code tickers.{S}} (linear, inverse) for a derivative ticker</td><td>{@code DerivativeTicker} of
 *     {@code fundingRate}, {@code nextFundingTime}, {@code openInterest}, {@code markPrice}, {@code indexPrice},
 *     {@code lastPrice}, merged like the quote: a delta carries only what changed. Emitted after a snapshot and
 *     after a delta with one of these fields; {@code ts} = message {@code ts}.</td></tr>
 *     <tr><td>{@code allLiquidation.{S}}</td><td>one {@code Liquidation} per element of {@code data}: the order's
 *     side is the opposite of {@code S} (the liquidated position's side), {@code p}, {@code v}, {@code ts} =
 *     {@code T}, id 0.</td></tr>
 *     <tr><td>{@code tickers.{S}} (option)</td><td>{@code Quote} of {@code bidPrice}, {@code bidSize},
 *     {@code askPrice}, {@code askSize} (each message a whole snapshot); a side quoted at size 0 is
 *     empty: price NaN, size 0.</td></tr>
 *     <tr><td>{@code publicTrade.{BASE}} (option)</td><td>as {@code publicTrade.{S}}, each trade routed by
 *     its contract {@code s}; trades of contracts not subscribed are dropped and counted
 *     ({@link #otherContractTrades()}).</td></tr>
 *     <tr><td>{@code orderbook.1.{S}} for a spot ticker</td><td>{@code Quote} of the one level per side that
 *     stream keeps: a snapshot sets both sides from its best levels; in a delta the best level with
 *     size &gt; 0 is the new top of its side, and size 0 at the current top price (with no new level)
 *     empties it. A gap in {@code u} forgets both sides until a message sets them again. Emitted after
 *     each message once both sides are known.</td></tr>
 *     <tr><td>{@code {"success":true,...,"op":...}} (subscribe / unsubscribe acks, pongs), {@code {"op":"pong"}}</td>
 *     <td>{@link FrameSink#onHeartbeat()}</td></tr>
 *     <tr><td>{@code {"success":false,"ret_msg":...}}</td><td>{@link FrameSink#onSubscriptionError} with
 *     {@code ret_msg}</td></tr>
 *     <tr><td>anything else: not JSON, truncated, a topic not subscribed on this connection, missing
 *     fields</td><td>{@link MalformedFrameException} naming what is wrong and quoting the frame</td></tr>
 * </table>
 * Topics are looked up by their bytes (no string is made). A trade topic is also recognised by
 * its symbol as {@code trade.{anything}.{S}} (the form of one recorded fixture).
 */
public final class BybitDecoder implements FrameDecoder {
    private static final byte[] K_TOPIC = ascii("topic");
    private static final byte[] K_TYPE = ascii("type");
    private static final byte[] K_TS = ascii("ts");
    private static final byte[] K_CTS = ascii("cts");
    private static final byte[] K_DATA = ascii("data");
    private static final byte[] K_SUCCESS = ascii("success");
    private static final byte[] K_RET_MSG = ascii("ret_msg");
    private static final byte[] K_OP = ascii("op");
    private static final byte[] K_B = ascii("b");
    private static final byte[] K_A = ascii("a");
    private static final byte[] K_U = ascii("u");
    private static final byte[] K_SEQ = ascii("seq");
    private static final byte[] K_BID1_PRICE = ascii("bid1Price");
    private static final byte[] K_BID1_SIZE = ascii("bid1Size");
    private static final byte[] K_ASK1_PRICE = ascii("ask1Price");
    private static final byte[] K_ASK1_SIZE = ascii("ask1Size");
    // option tickers name the top of book without the 1
    private static final byte[] K_BID_PRICE = ascii("bidPrice");
    private static final byte[] K_BID_SIZE = ascii("bidSize");
    private static final byte[] K_ASK_PRICE = ascii("askPrice");
    private static final byte[] K_ASK_SIZE = ascii("askSize");
    private static final byte[] K_SYMBOL = ascii("s");
    private static final byte[] K_T = ascii("T");
    private static final byte[] K_SIDE = ascii("S");
    private static final byte[] K_V = ascii("v");
    private static final byte[] K_P = ascii("p");
    private static final byte[] K_I = ascii("i");
    private static final byte[] K_MARK_PRICE = ascii("markPrice");
    private static final byte[] K_INDEX_PRICE = ascii("indexPrice");
    private static final byte[] K_LAST_PRICE = ascii("lastPrice");
    private static final byte[] K_OPEN_INTEREST = ascii("openInterest");
    private static final byte[] K_FUNDING_RATE = ascii("fundingRate");
    private static final byte[] K_NEXT_FUNDING_TIME = ascii("nextFundingTime");
    private static final byte[] K_RET_CODE = ascii("retCode");
    private static final byte[] K_RET_MSG_REST = ascii("retMsg");
    private static final byte[] K_RESULT = ascii("result");
    private static final byte[] V_SNAPSHOT = ascii("snapshot");
    private static final byte[] V_DELTA = ascii("delta");
    private static final byte[] V_BUY = ascii("Buy");
    private static final byte[] V_SELL = ascii("Sell");
    private static final byte[] V_PONG = ascii("pong");
    private static final byte[] V_PING = ascii("ping");
    private static final byte[] TRADE_PREFIX = ascii("trade.");

    private static final long MISSING = Long.MIN_VALUE;
    private static final int TYPE_NONE = 0, TYPE_SNAPSHOT = 1, TYPE_DELTA = 2, TYPE_OTHER = 3;
    private static final int DATA_NONE = 0, DATA_OBJECT = 1, DATA_ARRAY = 2;
    private static final int HAS_T = 1, HAS_SIDE = 2, HAS_V = 4, HAS_P = 8, HAS_I = 16;
    private static final int BID1_PRICE = 1, BID1_SIZE = 2, ASK1_PRICE = 4, ASK1_SIZE = 8;
    private static final int KIND_BOOK = 1, KIND_TRADES = 2, KIND_TICKERS = 3, KIND_LIQUIDATIONS = 4;
    private static final int MARK = 1, INDEX = 2, LAST = 4, OPEN_INTEREST = 8, FUNDING = 16, NEXT_FUNDING = 32;

    /** One topic of this connection and the state its stream needs. */
    private static final class Topic {
        final byte[] name;
        final String text;
        final String venueSymbol;
        final int kind;
        Subscription book; // L2_BOOK on an orderbook topic
        Subscription quote; // TICKER: linear tickers, or spot orderbook.1
        Subscription trades;
        Subscription derivative; // DERIVATIVE_TICKER: linear and inverse tickers, merged into 'state'
        Subscription liquidations; // LIQUIDATIONS on allLiquidation
        final DerivativeTicker state = new DerivativeTicker();
        // options: one trades topic per base coin, the contract named by each trade's s
        byte[][] tradeSymbols = new byte[0][];
        Subscription[] tradeSubscriptions = new Subscription[0];
        // linear tickers: last known values
        double bidPrice = Double.NaN, bidSize = Double.NaN, askPrice = Double.NaN, askSize = Double.NaN;
        // spot orderbook.1 quotes: the one level per side
        double topBidPrice = Double.NaN, topBidSize, topAskPrice = Double.NaN, topAskSize;
        long topU = -1;

        Topic(String text, String venueSymbol, int kind) {
            this.text = text;
            this.name = text.getBytes(StandardCharsets.US_ASCII);
            this.venueSymbol = venueSymbol;
            this.kind = kind;
        }
    }

    /** Price levels of one side while a frame is read (the BookUpdate header is known only at the end). */
    private static final class Levels {
        double[] prices = new double[64];
        double[] sizes = new double[64];
        int count;

        void add(double p, double s) {
            if (count == prices.length) {
                prices = Arrays.copyOf(prices, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            prices[count] = p;
            sizes[count++] = s;
        }
    }

    private final JsonCursor in = new JsonCursor(BybitProtocol.EXCHANGE);
    private final BybitCategory category;
    private long otherContractTrades;
    private final Topic[] table;
    private final int mask;
    private final Topic[] topics;
    private final BookUpdate book = new BookUpdate();
    private final Trade trade = new Trade();
    private final Quote quote = new Quote();
    private final Liquidation liquidation = new Liquidation();

    // one frame's fields
    private int topicStart, topicLen;
    private int type;
    private long ts, cts;
    private int data;
    private final Levels bids = new Levels();
    private final Levels asks = new Levels();
    private long u, seq, dataTs;
    private int tickerFields;
    private int derivativeFields;
    private double markPrice, indexPrice, lastPrice, openInterest, fundingRate, nextFundingTime;
    private double bid1Price, bid1Size, ask1Price, ask1Size;
    private int trades;
    private long[] tradeTime = new long[8];
    private long[] tradeId = new long[8];
    private int[] tradeSide = new int[8];
    private int[] tradeFields = new int[8];
    private int[] tradeSymbolStart = new int[8];
    private int[] tradeSymbolLength = new int[8];
    private double[] tradePrice = new double[8];
    private double[] tradeSize = new double[8];
    private int success; // -1 absent, 0 false, 1 true
    private int retStart, retLen;
    private int opStart, opLen;

    private byte[] frameBytes;
    private long lastCrossSequence = -1;

    BybitDecoder(BybitProtocol protocol, List<Subscription> subscriptions) {
        this.category = protocol.category();
        java.util.Map<String, Topic> byName = new java.util.LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            String name = protocol.topic(s);
            String sym = BybitProtocol.toVenueSymbol(s.symbol());
            int kind = name.startsWith("orderbook.") ? KIND_BOOK : name.startsWith("publicTrade.") ? KIND_TRADES
                    : name.startsWith("allLiquidation.") ? KIND_LIQUIDATIONS : KIND_TICKERS;
            Topic t = byName.computeIfAbsent(name, n -> new Topic(n, sym, kind));
            switch (s.channel()) {
                case L2_BOOK -> t.book = s;
                case TRADES -> {
                    t.trades = s;
                    if (category.tradesPerBaseCoin()) {
                        int n = t.tradeSymbols.length;
                        t.tradeSymbols = Arrays.copyOf(t.tradeSymbols, n + 1);
                        t.tradeSubscriptions = Arrays.copyOf(t.tradeSubscriptions, n + 1);
                        t.tradeSymbols[n] = ascii(sym);
                        t.tradeSubscriptions[n] = s;
                    }
                }
                case TICKER -> t.quote = s;
                case DERIVATIVE_TICKER -> t.derivative = s;
                case LIQUIDATIONS -> t.liquidations = s;
            }
        }
        topics = byName.values().toArray(new Topic[0]);
        int size = Integer.highestOneBit(Math.max(4, topics.length * 4) - 1) << 1;
        table = new Topic[size];
        mask = size - 1;
        for (Topic t : topics) {
            int i = hash(t.name, 0, t.name.length) & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = t;
        }
    }

    /** Option trades of contracts this connection did not subscribe, dropped (a base coin's topic carries all of them). */
    public long otherContractTrades() {
        return otherContractTrades;
    }

    /** The cross sequence ({@code seq}) of the last order book message decoded, -1 before any. */
    public long lastCrossSequence() {
        return lastCrossSequence;
    }

    @Override
    public void decode(byte[] frame, int offset, int length, long receiptTs, FrameSink sink) throws MalformedFrameException {
        in.reset(frame, offset, length);
        frameBytes = frame;
        clearFrame();
        if (in.atEnd()) {
            throw in.error("empty frame");
        }
        if (in.peek() != '{') {
            throw in.error("not a JSON object");
        }
        readMessage();
        if (!in.atEnd()) {
            throw in.error("trailing data after the JSON object");
        }
        if (topicLen >= 0) {
            Topic t = lookup(frame, topicStart, topicLen);
            if (t == null) {
                throw in.error("unknown topic '" + new String(frame, topicStart, topicLen, StandardCharsets.UTF_8)
                        + "' (not subscribed on this connection)");
            }
            switch (t.kind) {
                case KIND_BOOK -> onBook(t, receiptTs, sink);
                case KIND_TRADES -> onTrades(t, receiptTs, sink);
                case KIND_LIQUIDATIONS -> onLiquidations(t, receiptTs, sink);
                default -> onTicker(t, receiptTs, sink);
            }
        } else if (success == 0) {
            String msg = retLen > 0 ? in.textAt(retStart, retLen) : "";
            String op = opLen >= 0 ? in.textAt(opStart, opLen) : "request";
            sink.onSubscriptionError(msg.isEmpty() ? op + " failed (no ret_msg)" : msg);
        } else if (success == 1 || (opLen >= 0 && (opIs(V_PONG) || opIs(V_PING)))) {
            sink.onHeartbeat();
        } else {
            throw in.error("neither a topic message nor a reply to a request");
        }
    }

    private void clearFrame() {
        topicLen = -1;
        type = TYPE_NONE;
        ts = MISSING;
        cts = MISSING;
        data = DATA_NONE;
        bids.count = 0;
        asks.count = 0;
        u = MISSING;
        seq = -1;
        dataTs = MISSING;
        tickerFields = 0;
        derivativeFields = 0;
        trades = 0;
        success = -1;
        retLen = -1;
        opLen = -1;
    }

    private boolean opIs(byte[] v) {
        if (opLen != v.length) {
            return false;
        }
        byte[] b = frameBytes;
        for (int i = 0; i < opLen; i++) {
            if (b[opStart + i] != v[i]) {
                return false;
            }
        }
        return true;
    }

    private void readMessage() throws MalformedFrameException {
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(K_TOPIC)) {
                in.readString();
                topicStart = in.stringStart();
                topicLen = in.stringLength();
            } else if (in.keyIs(K_TYPE)) {
                in.readString();
                type = in.stringIs(V_SNAPSHOT) ? TYPE_SNAPSHOT : in.stringIs(V_DELTA) ? TYPE_DELTA : TYPE_OTHER;
            } else if (in.keyIs(K_TS)) {
                ts = in.readLong();
            } else if (in.keyIs(K_CTS)) {
                cts = in.readLong();
            } else if (in.keyIs(K_DATA)) {
                int b = in.peek();
                if (b == '{') {
                    data = DATA_OBJECT;
                    readDataObject();
                } else if (b == '[') {
                    data = DATA_ARRAY;
                    readTradeArray();
                } else {
                    in.skipValue();
                }
            } else if (in.keyIs(K_SUCCESS)) {
                success = in.readBoolean() ? 1 : 0;
            } else if (in.keyIs(K_RET_MSG)) {
                if (in.peek() == '"') {
                    in.readString();
                    retStart = in.stringStart();
                    retLen = in.stringLength();
                } else {
                    in.skipValue();
                }
            } else if (in.keyIs(K_OP)) {
                if (in.peek() == '"') {
                    in.readString();
                    opStart = in.stringStart();
                    opLen = in.stringLength();
                } else {
                    in.skipValue();
                }
            } else {
                in.skipValue();
            }
        }
    }

    private void readDataObject() throws MalformedFrameException {
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(K_B)) {
                readLevels(bids);
            } else if (in.keyIs(K_A)) {
                readLevels(asks);
            } else if (in.keyIs(K_U)) {
                u = in.readLong();
            } else if (in.keyIs(K_SEQ)) {
                seq = in.readLong();
            } else if (in.keyIs(K_BID1_PRICE) || in.keyIs(K_BID_PRICE)) {
                bid1Price = tickerField(BID1_PRICE);
            } else if (in.keyIs(K_BID1_SIZE) || in.keyIs(K_BID_SIZE)) {
                bid1Size = tickerField(BID1_SIZE);
            } else if (in.keyIs(K_ASK1_PRICE) || in.keyIs(K_ASK_PRICE)) {
                ask1Price = tickerField(ASK1_PRICE);
            } else if (in.keyIs(K_ASK1_SIZE) || in.keyIs(K_ASK_SIZE)) {
                ask1Size = tickerField(ASK1_SIZE);
            } else if (in.keyIs(K_TS)) {
                dataTs = in.readLong();
            } else if (in.keyIs(K_MARK_PRICE)) {
                markPrice = derivativeField(MARK);
            } else if (in.keyIs(K_INDEX_PRICE)) {
                indexPrice = derivativeField(INDEX);
            } else if (in.keyIs(K_LAST_PRICE)) {
                lastPrice = derivativeField(LAST);
            } else if (in.keyIs(K_OPEN_INTEREST)) {
                openInterest = derivativeField(OPEN_INTEREST);
            } else if (in.keyIs(K_FUNDING_RATE)) {
                fundingRate = derivativeField(FUNDING);
            } else if (in.keyIs(K_NEXT_FUNDING_TIME)) {
                nextFundingTime = derivativeField(NEXT_FUNDING); // ms as a string
            } else {
                in.skipValue();
            }
        }
    }

    /** A derivatives field of a ticker; an empty string (a delta's "no value") counts as absent. */
    private double derivativeField(int bit) throws MalformedFrameException {
        double v = in.readOptionalDecimal();
        if (!Double.isNaN(v)) {
            derivativeFields |= bit;
        }
        return v;
    }

    private double tickerField(int bit) throws MalformedFrameException {
        double v = in.readOptionalDecimal();
        if (!Double.isNaN(v)) {
            tickerFields |= bit;
        }
        return v;
    }

    private void readLevels(Levels side) throws MalformedFrameException {
        in.beginArray();
        while (in.nextElement()) {
            in.beginArray();
            if (!in.nextElement()) {
                throw in.error("a book level must be [price, size]");
            }
            double p = in.readOptionalDecimal();
            if (!in.nextElement()) {
                throw in.error("a book level must be [price, size]");
            }
            double s = in.readOptionalDecimal();
            if (in.nextElement()) {
                throw in.error("a book level must be [price, size]");
            }
            if (Double.isNaN(p) || Double.isNaN(s)) {
                throw in.error("empty price or size in a book level");
            }
            side.add(p, s);
        }
    }

    private void readTradeArray() throws MalformedFrameException {
        in.beginArray();
        while (in.nextElement()) {
            if (trades == tradeTime.length) {
                int n = trades * 2;
                tradeTime = Arrays.copyOf(tradeTime, n);
                tradeId = Arrays.copyOf(tradeId, n);
                tradeSide = Arrays.copyOf(tradeSide, n);
                tradeFields = Arrays.copyOf(tradeFields, n);
                tradeSymbolStart = Arrays.copyOf(tradeSymbolStart, n);
                tradeSymbolLength = Arrays.copyOf(tradeSymbolLength, n);
                tradePrice = Arrays.copyOf(tradePrice, n);
                tradeSize = Arrays.copyOf(tradeSize, n);
            }
            readTrade(trades++);
        }
    }

    private void readTrade(int k) throws MalformedFrameException {
        int fields = 0;
        tradeSymbolLength[k] = -1;
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(K_T)) {
                tradeTime[k] = in.readLong();
                fields |= HAS_T;
            } else if (in.keyIs(K_SIDE)) {
                in.readString();
                tradeSide[k] = in.stringIs(V_BUY) ? Side.BUY : in.stringIs(V_SELL) ? Side.SELL : 0;
                fields |= HAS_SIDE;
            } else if (in.keyIs(K_SYMBOL)) {
                in.readString();
                tradeSymbolStart[k] = in.stringStart();
                tradeSymbolLength[k] = in.stringLength();
            } else if (in.keyIs(K_V)) {
                tradeSize[k] = in.readOptionalDecimal();
                fields |= HAS_V;
            } else if (in.keyIs(K_P)) {
                tradePrice[k] = in.readOptionalDecimal();
                fields |= HAS_P;
            } else if (in.keyIs(K_I)) {
                if (in.peek() == '"') {
                    in.readString();
                    tradeId[k] = TradeIds.of(frameBytes, in.stringStart(), in.stringStart() + in.stringLength());
                } else {
                    tradeId[k] = in.readLong();
                }
                fields |= HAS_I;
            } else {
                in.skipValue();
            }
        }
        tradeFields[k] = fields;
    }

    private long eventTimeMillis(String what) throws MalformedFrameException {
        if (ts != MISSING) {
            return ts;
        }
        if (cts != MISSING) {
            return cts;
        }
        throw in.error(what + " without ts");
    }

    private void onBook(Topic t, long receiptTs, FrameSink sink) throws MalformedFrameException {
        if (data != DATA_OBJECT) {
            throw in.error("orderbook message without a data object");
        }
        if (type != TYPE_SNAPSHOT && type != TYPE_DELTA) {
            throw in.error("orderbook message type must be snapshot or delta");
        }
        if (u == MISSING) {
            throw in.error("orderbook message without update id u");
        }
        long tsNanos = eventTimeMillis("orderbook message") * 1_000_000L;
        boolean snapshot = type == TYPE_SNAPSHOT;
        lastCrossSequence = seq;
        if (t.book != null) {
            book.reset(tsNanos, receiptTs, snapshot).sequence(u, u, -1);
            for (int i = 0; i < bids.count; i++) {
                book.addBid(bids.prices[i], bids.sizes[i]);
            }
            for (int i = 0; i < asks.count; i++) {
                book.addAsk(asks.prices[i], asks.sizes[i]);
            }
            sink.onEvent(t.book, book);
        }
        if (t.quote != null) {
            onTopOfBook(t, snapshot, tsNanos, receiptTs, sink);
        }
    }

    private void onTopOfBook(Topic t, boolean snapshot, long tsNanos, long receiptTs, FrameSink sink) {
        if (snapshot) {
            t.topBidPrice = Double.NaN;
            t.topAskPrice = Double.NaN;
        } else if (t.topU >= 0 && u <= t.topU) {
            return; // a duplicate
        } else if (t.topU < 0 || u != t.topU + 1) {
            t.topBidPrice = Double.NaN; // a gap (or a delta before any snapshot): both sides unknown
            t.topAskPrice = Double.NaN;
        }
        t.topU = u;
        int best = bestLevel(bids, true);
        if (best >= 0) {
            t.topBidPrice = bids.prices[best];
            t.topBidSize = bids.sizes[best];
        } else if (deletes(bids, t.topBidPrice)) {
            t.topBidPrice = Double.NaN;
        }
        best = bestLevel(asks, false);
        if (best >= 0) {
            t.topAskPrice = asks.prices[best];
            t.topAskSize = asks.sizes[best];
        } else if (deletes(asks, t.topAskPrice)) {
            t.topAskPrice = Double.NaN;
        }
        if (!Double.isNaN(t.topBidPrice) && !Double.isNaN(t.topAskPrice)) {
            quote.set(tsNanos, receiptTs, t.topBidPrice, t.topBidSize, t.topAskPrice, t.topAskSize);
            sink.onEvent(t.quote, quote);
        }
    }

    /** The best level with a size (highest bid, lowest ask), -1 when none: in a depth-1 stream it is the new top. */
    private static int bestLevel(Levels side, boolean bid) {
        int best = -1;
        for (int i = 0; i < side.count; i++) {
            if (side.sizes[i] > 0 && (best < 0 || (bid ? side.prices[i] > side.prices[best] : side.prices[i] < side.prices[best]))) {
                best = i;
            }
        }
        return best;
    }

    private static boolean deletes(Levels side, double price) {
        for (int i = 0; i < side.count; i++) {
            if (side.sizes[i] == 0 && side.prices[i] == price) {
                return true;
            }
        }
        return false;
    }

    private void onTrades(Topic t, long receiptTs, FrameSink sink) throws MalformedFrameException {
        if (data != DATA_ARRAY) {
            throw in.error("publicTrade message without a data array");
        }
        for (int k = 0; k < trades; k++) {
            int f = tradeFields[k];
            if ((f & (HAS_SIDE | HAS_V | HAS_P)) != (HAS_SIDE | HAS_V | HAS_P)) {
                throw in.error("trade " + k + " lacks S, v or p");
            }
            if (tradeSide[k] == 0) {
                throw in.error("trade " + k + " side S is neither Buy nor Sell");
            }
            if (Double.isNaN(tradePrice[k]) || Double.isNaN(tradeSize[k])) {
                throw in.error("trade " + k + " has an empty price or size");
            }
        }
        for (int k = 0; k < trades; k++) {
            Subscription sub = t.trades;
            if (category.tradesPerBaseCoin()) {
                if (tradeSymbolLength[k] < 0) {
                    throw in.error("option trade " + k + " without s (its contract)");
                }
                sub = contract(t, tradeSymbolStart[k], tradeSymbolLength[k]);
                if (sub == null) {
                    otherContractTrades++;
                    continue;
                }
            }
            int f = tradeFields[k];
            long tMillis = (f & HAS_T) != 0 ? tradeTime[k] : eventTimeMillis("publicTrade message");
            long id = (f & HAS_I) != 0 ? tradeId[k] : -1;
            trade.set(tMillis * 1_000_000L, receiptTs, tradeSide[k], tradePrice[k], tradeSize[k], id);
            sink.onEvent(sub, trade);
        }
    }

    /** The trades subscription of the option contract named at {@code [start, start + length)}, or null. */
    private Subscription contract(Topic t, int start, int length) {
        for (int i = 0; i < t.tradeSymbols.length; i++) {
            if (sameBytes(t.tradeSymbols[i], frameBytes, start, length)) {
                return t.tradeSubscriptions[i];
            }
        }
        return null;
    }

    private void onTicker(Topic t, long receiptTs, FrameSink sink) throws MalformedFrameException {
        if (data != DATA_OBJECT) {
            throw in.error("tickers message without a data object");
        }
        long tsNanos = eventTimeMillis("tickers message") * 1_000_000L;
        if (category == BybitCategory.OPTION) {
            onOptionTicker(t, tsNanos, receiptTs, sink);
            return;
        }
        if (t.derivative != null) {
            onDerivativeTicker(t, tsNanos, receiptTs, sink);
        }
        if (t.quote == null) {
            return;
        }
        if (type == TYPE_SNAPSHOT) {
            t.bidPrice = (tickerFields & BID1_PRICE) != 0 ? bid1Price : Double.NaN;
            t.bidSize = (tickerFields & BID1_SIZE) != 0 ? bid1Size : Double.NaN;
            t.askPrice = (tickerFields & ASK1_PRICE) != 0 ? ask1Price : Double.NaN;
            t.askSize = (tickerFields & ASK1_SIZE) != 0 ? ask1Size : Double.NaN;
        } else {
            if ((tickerFields & BID1_PRICE) != 0) {
                t.bidPrice = bid1Price;
            }
            if ((tickerFields & BID1_SIZE) != 0) {
                t.bidSize = bid1Size;
            }
            if ((tickerFields & ASK1_PRICE) != 0) {
                t.askPrice = ask1Price;
            }
            if ((tickerFields & ASK1_SIZE) != 0) {
                t.askSize = ask1Size;
            }
        }
        if ((type == TYPE_SNAPSHOT || tickerFields != 0) && !Double.isNaN(t.bidPrice) && !Double.isNaN(t.bidSize)
                && !Double.isNaN(t.askPrice) && !Double.isNaN(t.askSize)) {
            quote.set(tsNanos, receiptTs, t.bidPrice, t.bidSize, t.askPrice, t.askSize);
            sink.onEvent(t.quote, quote);
        }
    }

    /**
     * Linear and inverse tickers: a snapshot sets every field (absent ones NaN), a delta only the fields that
     * changed; the merged state is emitted after a message that carried a derivatives field.
     * Bybit publishes no predicted funding rate: NaN.
     */
    private void onDerivativeTicker(Topic t, long tsNanos, long receiptTs, FrameSink sink) {
        DerivativeTicker s = t.state;
        if (type == TYPE_SNAPSHOT) {
            s.reset(tsNanos, receiptTs);
        }
        if (derivativeFields == 0) {
            return; // a delta of other fields (the best bid and ask, volumes)
        }
        int f = derivativeFields;
        if ((f & MARK) != 0) {
            s.markPrice(markPrice);
        }
        if ((f & INDEX) != 0) {
            s.indexPrice(indexPrice);
        }
        if ((f & LAST) != 0) {
            s.lastPrice(lastPrice);
        }
        if ((f & OPEN_INTEREST) != 0) {
            s.openInterest(openInterest);
        }
        if ((f & FUNDING) != 0) {
            s.fundingRate(fundingRate);
        }
        if ((f & NEXT_FUNDING) != 0) {
            s.nextFundingTime((long) nextFundingTime * 1_000_000L);
        }
        s.setTimes(tsNanos, receiptTs);
        sink.onEvent(t.derivative, s);
    }

    /**
     * {@code allLiquidation.{S}}: one liquidation per element of {@code data} ({@code T}, {@code S}, {@code v},
     * {@code p}). Bybit's {@code S} is the side of the liquidated <em>position</em> (Buy: a long was liquidated),
     * so the liquidation order's side is the other one. No id: 0.
     */
    private void onLiquidations(Topic t, long receiptTs, FrameSink sink) throws MalformedFrameException {
        if (data != DATA_ARRAY) {
            throw in.error("allLiquidation message without a data array");
        }
        for (int k = 0; k < trades; k++) {
            int f = tradeFields[k];
            if ((f & (HAS_SIDE | HAS_V | HAS_P)) != (HAS_SIDE | HAS_V | HAS_P) || tradeSide[k] == 0
                    || Double.isNaN(tradePrice[k]) || Double.isNaN(tradeSize[k])) {
                throw in.error("liquidation " + k + " lacks S (Buy or Sell), v or p");
            }
        }
        for (int k = 0; k < trades; k++) {
            long tMillis = (tradeFields[k] & HAS_T) != 0 ? tradeTime[k] : eventTimeMillis("allLiquidation message");
            int orderSide = tradeSide[k] == Side.BUY ? Side.SELL : Side.BUY;
            liquidation.set(tMillis * 1_000_000L, receiptTs, orderSide, tradePrice[k], tradeSize[k], 0);
            sink.onEvent(t.liquidations, liquidation);
        }
    }

    /**
     * Option tickers are whole snapshots. A side nobody quotes comes as price and size 0 and becomes
     * price NaN, size 0, so a mid or a spread of a one-sided option book is NaN rather than half the ask.
     */
    private void onOptionTicker(Topic t, long tsNanos, long receiptTs, FrameSink sink) {
        if (tickerFields != (BID1_PRICE | BID1_SIZE | ASK1_PRICE | ASK1_SIZE)) {
            return; // not a quote
        }
        quote.set(tsNanos, receiptTs, bid1Size == 0 ? Double.NaN : bid1Price, bid1Size,
                ask1Size == 0 ? Double.NaN : ask1Price, ask1Size);
        sink.onEvent(t.quote, quote);
    }

    private Topic lookup(byte[] b, int start, int len) {
        int i = hash(b, start, len) & mask;
        Topic t;
        while ((t = table[i]) != null) {
            if (sameBytes(t.name, b, start, len)) {
                return t;
            }
            i = (i + 1) & mask;
        }
        return lookupTradeAlias(b, start, len);
    }

    /** {@code trade.{anything}.{SYMBOL}}: the trades topic of that symbol. */
    private Topic lookupTradeAlias(byte[] b, int start, int len) {
        if (len <= TRADE_PREFIX.length || !sameBytes(TRADE_PREFIX, b, start, TRADE_PREFIX.length)) {
            return null;
        }
        int dot = start + len - 1;
        while (dot >= start && b[dot] != '.') {
            dot--;
        }
        int symStart = dot + 1;
        int symLen = start + len - symStart;
        for (Topic t : topics) {
            if (t.kind == KIND_TRADES && symLen == t.venueSymbol.length()) {
                boolean same = true;
                for (int k = 0; k < symLen && same; k++) {
                    same = b[symStart + k] == t.venueSymbol.charAt(k);
                }
                if (same) {
                    return t;
                }
            }
        }
        return null;
    }

    private static boolean sameBytes(byte[] name, byte[] b, int start, int len) {
        if (name.length != len) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (name[k] != b[start + k]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] b, int start, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + b[start + i];
        }
        return h ^ (h >>> 16);
    }

    /** See {@link BybitProtocol#decodeRestSnapshot}. */
    void decodeRestSnapshot(byte[] body, int offset, int length, long receiptTs, BookUpdate into) throws MalformedFrameException {
        in.reset(body, offset, length);
        frameBytes = body;
        clearFrame();
        long retCode = 0;
        String retMsg = null;
        boolean result = false;
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(K_RET_CODE)) {
                retCode = in.readLong();
            } else if (in.keyIs(K_RET_MSG_REST) && in.peek() == '"') {
                in.readString();
                retMsg = in.text();
            } else if (in.keyIs(K_RESULT) && in.peek() == '{') {
                readDataObject();
                result = true;
            } else {
                in.skipValue();
            }
        }
        if (retCode != 0) {
            throw in.error("orderbook request failed: retCode " + retCode + " " + retMsg);
        }
        if (!result || u == MISSING || dataTs == MISSING) {
            throw in.error("orderbook response without result.u and result.ts");
        }
        into.reset(dataTs * 1_000_000L, receiptTs, true).sequence(u, u, -1);
        for (int i = 0; i < bids.count; i++) {
            into.addBid(bids.prices[i], bids.sizes[i]);
        }
        for (int i = 0; i < asks.count; i++) {
            into.addAsk(asks.prices[i], asks.sizes[i]);
        }
    }

    /** The topics this decoder reads, for diagnostics. */
    public List<String> topics() {
        String[] names = new String[topics.length];
        for (int i = 0; i < topics.length; i++) {
            names[i] = topics[i].text;
        }
        return List.of(names);
    }

}
