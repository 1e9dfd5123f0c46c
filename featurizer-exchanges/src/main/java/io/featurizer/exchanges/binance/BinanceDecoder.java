package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.JsonCursor;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;

import static io.featurizer.exchanges.protocol.JsonCursor.ascii;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Binance market-stream connection's frames, raw ({@code {"e":"depthUpdate",...}}) or
 * combined ({@code {"stream":"btcusdt@depth@100ms","data":{...}}}), spot or USD-M futures:
 * <ul>
 *   <li>{@code depthUpdate} to a {@link BookUpdate} delta: {@code ts} = {@code E}, sequence
 *       ({@code U}, {@code u}, {@code pu}; {@code -1} on spot, which has no {@code pu});</li>
 *   <li>{@code trade} and {@code aggTrade} to a {@link Trade}: id {@code t} / {@code a}; the taker
 *       side is {@link Side#SELL} when {@code m} (the buyer is the maker) is true, else
 *       {@link Side#BUY}; {@code ts} = {@code E};</li>
 *   <li>{@code bookTicker} (spot's has no {@code e}, recognised by its fields or its stream name) to a
 *       {@link Quote}; {@code ts} = {@code E}, else {@code T}, else the receipt time (spot sends no
 *       time);</li>
 *   <li>{@code markPriceUpdate} (USD-M {@code <sym>@markPrice@1s}) to a {@link DerivativeTicker}: mark price
 *       {@code p}, index {@code i}, funding rate {@code r}, next funding time {@code T}; open interest, last price
 *       and predicted rate NaN (not in the stream); {@code ts} = {@code E};</li>
 *   <li>{@code forceOrder} ({@code <sym>@forceOrder}) to a {@link Liquidation}: the order object {@code o}'s side
 *       {@code S}, price {@code p}, filled quantity {@code z}, time {@code T}; id 0 (Binance sends none);</li>
 *   <li>subscription replies ({@code {"result":...,"id":...}}) to {@link FrameSink#onHeartbeat()};
 *       documented events this library does not normalise ({@code kline}, tickers, ...) also count as
 *       signs of life;</li>
 *   <li>error replies, {@code {"error":{"code":..,"msg":..},"id":..}} or the documented flat
 *       {@code {"code":..,"msg":..}}, to {@link FrameSink#onSubscriptionError(String)};</li>
 *   <li>anything else (not JSON, an unknown event type, a missing or mistyped field, a symbol this
 *       connection did not subscribe) throws {@link MalformedFrameException} saying what was
 *       expected.</li>
 * </ul>
 * Times in the frames are milliseconds; events carry nanoseconds.
 *
 * <p>Allocation: none per frame on the success path. The JSON is read in place
 * ({@link JsonCursor}), decimals are parsed from the frame's bytes, and
 * the three events handed to the sink are reused views, valid only during the sink call. Only error
 * paths (exception messages, the text of an error reply) allocate. One instance per connection, used
 * by one thread.
 */
public final class BinanceDecoder implements FrameDecoder {
    private static final long MISSING = Long.MIN_VALUE;
    private static final long MS = 1_000_000L;

    // event types
    private static final int T_NONE = 0, T_DEPTH = 1, T_TRADE = 2, T_AGG_TRADE = 3, T_BOOK_TICKER = 4, T_IGNORED = 5, T_UNKNOWN = 6,
            T_MARK_PRICE = 7, T_FORCE_ORDER = 8;
    // fields
    private static final int F_OTHER = 0, F_e = 1, F_E = 2, F_T = 3, F_s = 4, F_U = 5, F_u = 6, F_pu = 7, F_b = 8, F_a = 9, F_B = 10,
            F_A = 11, F_p = 12, F_q = 13, F_t = 14, F_m = 15, F_STREAM = 16, F_DATA = 17, F_RESULT = 18, F_ID = 19, F_ERROR = 20,
            F_CODE = 21, F_MSG = 22, F_i = 23, F_r = 24, F_S = 25, F_z = 26, F_o = 27;
    // bits of 'seen' for string-valued fields
    private static final int S_BID_PX = 1, S_BID_QTY = 2, S_ASK_PX = 4, S_ASK_QTY = 8, S_PRICE = 16, S_QTY = 32, S_MAKER = 64,
            S_BIDS = 128, S_ASKS = 256, S_ERROR = 512, S_RESULT = 1024, S_ID = 2048, S_TICKER_STREAM = 4096, S_INDEX = 8192,
            S_FUNDING = 16384, S_SIDE = 32768, S_FILLED = 65536;
    private static final int S_TICKER_FIELDS = S_BID_PX | S_BID_QTY | S_ASK_PX | S_ASK_QTY;

    private static final byte[] DEPTH_UPDATE = ascii("depthUpdate"), TRADE = ascii("trade"), AGG_TRADE = ascii("aggTrade"),
            BOOK_TICKER = ascii("bookTicker"), AT_BOOK_TICKER = ascii("@bookTicker"), MARK_PRICE_UPDATE = ascii("markPriceUpdate"),
            FORCE_ORDER = ascii("forceOrder"), BUY = ascii("BUY"), SELL = ascii("SELL");
    private static final byte[][] IGNORED_TYPES = {ascii("kline"),
            ascii("continuous_kline"), ascii("24hrTicker"), ascii("24hrMiniTicker"), ascii("1hTicker"), ascii("4hTicker"),
            ascii("1dTicker"), ascii("avgPrice"), ascii("compositeIndex"), ascii("contractInfo"), ascii("assetIndexUpdate")};
    private static final byte[] STREAM = ascii("stream"), DATA = ascii("data"), RESULT = ascii("result"), ERROR = ascii("error"),
            CODE = ascii("code"), MSG = ascii("msg");

    private final boolean futures;
    private final String venue;
    private final JsonCursor json = new JsonCursor();
    private final byte[][] venueSymbols;
    private final String[] venueSymbolNames;
    private final Subscription[][] subscriptions; // [symbol][Channel.ordinal()]
    private final BookUpdate book = new BookUpdate();
    private final Trade trade = new Trade();
    private final Quote quote = new Quote();
    private final DerivativeTicker derivativeTicker = new DerivativeTicker();
    private final Liquidation liquidation = new Liquidation();

    // the frame being read
    private int type;
    private int typeStart, typeLength;
    private int seen;
    private int symbol;
    private int symbolStart, symbolLength;
    private long eventTime, transactTime, firstId, lastId, prevId, tradeId, aggId, errorCode;
    private double bidPx, bidQty, askPx, askQty, price, qty, indexPx, fundingRate, filledQty;
    private boolean maker;
    private int side;
    private String errorMsg;

    /**
     * @param futures       true for USD-M futures ({@code pu} is required on depth updates)
     * @param subscriptions this connection's subscriptions: frames for other symbols are rejected
     */
    public BinanceDecoder(boolean futures, List<Subscription> subscriptions) {
        this.futures = futures;
        this.venue = futures ? BinanceProtocol.FUTURES_EXCHANGE : BinanceProtocol.SPOT_EXCHANGE;
        Map<String, String> symbols = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            symbols.putIfAbsent(BinanceProtocol.toVenueSymbol(s.symbol()), s.symbol());
        }
        int n = symbols.size();
        venueSymbols = new byte[n][];
        venueSymbolNames = new String[n];
        this.subscriptions = new Subscription[n][Channel.values().length];
        List<Map.Entry<String, String>> entries = new ArrayList<>(symbols.entrySet());
        for (int i = 0; i < n; i++) {
            venueSymbolNames[i] = entries.get(i).getKey();
            venueSymbols[i] = ascii(venueSymbolNames[i]);
            for (Channel c : Channel.values()) {
                this.subscriptions[i][c.ordinal()] = new Subscription(entries.get(i).getValue(), c);
            }
        }
    }

    @Override
    public void decode(byte[] frame, int offset, int length, long receiptTs, FrameSink sink) throws MalformedFrameException {
        json.reset(frame, offset, length);
        type = T_NONE;
        seen = 0;
        symbol = -1;
        eventTime = transactTime = firstId = lastId = prevId = tradeId = aggId = errorCode = MISSING;
        errorMsg = null;
        book.reset(0, receiptTs, false);
        try {
            if (json.peek() != '{') {
                throw new MalformedFrameException("expected a JSON object (a stream event, a reply or an error), got "
                        + describe(json.peek()));
            }
            json.beginObject();
            readObject(true);
            json.expectEnd();
        } catch (MalformedFrameException e) {
            throw new MalformedFrameException(venue + ": " + e.getMessage() + "; frame: " + excerpt(frame, offset, length), e);
        }
        try {
            dispatch(receiptTs, sink);
        } catch (MalformedFrameException e) {
            throw new MalformedFrameException(venue + ": " + e.getMessage() + "; frame: " + excerpt(frame, offset, length));
        }
    }

    /** Reads the fields of an object whose brace is consumed, up to and including its closing brace. */
    private void readObject(boolean top) throws MalformedFrameException {
        while (json.nextField()) {
            switch (field()) {
                case F_e -> {
                    requireString("'e' (event type) must be a string");
                    type = eventType();
                }
                case F_E -> eventTime = longField("E");
                case F_T -> transactTime = longField("T");
                case F_U -> firstId = longField("U");
                case F_u -> lastId = longField("u");
                case F_pu -> prevId = longField("pu");
                case F_t -> tradeId = longField("t");
                case F_s -> {
                    requireString("'s' (symbol) must be a string");
                    symbol = lookupSymbol();
                    symbolStart = json.stringStart();
                    symbolLength = json.stringLength();
                }
                case F_b -> {
                    int v = json.peek();
                    if (v == '[') {
                        json.beginArray();
                        readLevels(json, book, true);
                        seen |= S_BIDS;
                    } else if (v == '"') {
                        bidPx = json.readDecimal();
                        seen |= S_BID_PX;
                    } else {
                        json.skipValue(); // spot trade's buyer order id
                    }
                }
                case F_a -> {
                    int v = json.peek();
                    if (v == '[') {
                        json.beginArray();
                        readLevels(json, book, false);
                        seen |= S_ASKS;
                    } else if (v == '"') {
                        askPx = json.readDecimal();
                        seen |= S_ASK_PX;
                    } else if (isNumber(v)) {
                        aggId = json.readLong(); // aggTrade id (spot trade: seller order id, unused)
                    } else {
                        json.skipValue();
                    }
                }
                case F_B -> {
                    if (stringOrNumber()) {
                        bidQty = json.readDecimal();
                        seen |= S_BID_QTY;
                    }
                }
                case F_A -> {
                    if (stringOrNumber()) {
                        askQty = json.readDecimal();
                        seen |= S_ASK_QTY;
                    }
                }
                case F_p -> {
                    if (stringOrNumber()) {
                        price = json.readDecimal();
                        seen |= S_PRICE;
                    }
                }
                case F_q -> {
                    if (stringOrNumber()) {
                        qty = json.readDecimal();
                        seen |= S_QTY;
                    }
                }
                case F_i -> {
                    if (stringOrNumber()) {
                        indexPx = json.readOptionalDecimal();
                        seen |= S_INDEX;
                    }
                }
                case F_r -> {
                    if (stringOrNumber()) {
                        fundingRate = json.readOptionalDecimal(); // "" on contracts without funding
                        seen |= S_FUNDING;
                    }
                }
                case F_z -> {
                    if (stringOrNumber()) {
                        filledQty = json.readDecimal();
                        seen |= S_FILLED;
                    }
                }
                case F_S -> {
                    requireString("'S' (side) must be a string");
                    if (json.stringIs(BUY)) {
                        side = Side.BUY;
                    } else if (json.stringIs(SELL)) {
                        side = Side.SELL;
                    } else {
                        throw new MalformedFrameException("'S' (side) must be BUY or SELL");
                    }
                    seen |= S_SIDE;
                }
                case F_o -> {
                    if (json.peek() == '{') { // forceOrder's order object; elsewhere 'o' is an order type string
                        json.beginObject();
                        readObject(false);
                    } else {
                        json.skipValue();
                    }
                }
                case F_m -> {
                    int v = json.peek();
                    if (v != 't' && v != 'f') {
                        throw new MalformedFrameException("'m' (buyer is maker) must be true or false");
                    }
                    maker = json.readBoolean();
                    seen |= S_MAKER;
                }
                case F_STREAM -> {
                    requireString("'stream' must be a string");
                    if (json.stringEndsWith(AT_BOOK_TICKER)) {
                        seen |= S_TICKER_STREAM;
                    }
                }
                case F_DATA -> {
                    if (!top || json.peek() != '{') {
                        throw new MalformedFrameException("'data' must be the event object of a combined stream frame");
                    }
                    json.beginObject();
                    readObject(false);
                }
                case F_RESULT -> {
                    seen |= S_RESULT;
                    json.skipValue();
                }
                case F_ID -> {
                    seen |= S_ID;
                    json.skipValue();
                }
                case F_ERROR -> {
                    seen |= S_ERROR;
                    int v = json.peek();
                    if (v == '{') {
                        json.beginObject();
                        readError();
                    } else if (v == '"') {
                        json.readString();
                        errorMsg = json.text();
                    } else {
                        json.skipValue();
                    }
                }
                case F_CODE -> {
                    if (isNumber(json.peek())) {
                        errorCode = json.readLong();
                        seen |= S_ERROR;
                    } else {
                        json.skipValue();
                    }
                }
                case F_MSG -> {
                    if (json.peek() == '"') {
                        json.readString();
                        errorMsg = json.text();
                        seen |= S_ERROR;
                    } else {
                        json.skipValue();
                    }
                }
                default -> json.skipValue();
            }
        }
    }

    private void readError() throws MalformedFrameException {
        while (json.nextField()) {
            if (json.keyIs(CODE) && isNumber(json.peek())) {
                errorCode = json.readLong();
            } else if (json.keyIs(MSG) && json.peek() == '"') {
                json.readString();
                errorMsg = json.text();
            } else {
                json.skipValue();
            }
        }
    }

    /** Reads {@code [[price, size], ...]} (strings or numbers) after its opening bracket into {@code into}. */
    static void readLevels(JsonCursor json, BookUpdate into, boolean bids) throws MalformedFrameException {
        while (json.nextElement()) {
            if (json.peek() != '[') {
                throw new MalformedFrameException("a book level must be an array [price, quantity]");
            }
            json.beginArray();
            if (!json.nextElement() || !isDecimal(json.peek())) {
                throw new MalformedFrameException("a book level must be [price, quantity] of decimal strings");
            }
            double px = json.readDecimal();
            if (!json.nextElement() || !isDecimal(json.peek())) {
                throw new MalformedFrameException("a book level must be [price, quantity] of decimal strings");
            }
            double size = json.readDecimal();
            while (json.nextElement()) { // old API versions appended an ignored [] per level
                json.skipValue();
            }
            if (bids) {
                into.addBid(px, size);
            } else {
                into.addAsk(px, size);
            }
        }
    }

    private static boolean isNumber(int c) {
        return c == '-' || (c >= '0' && c <= '9');
    }

    private static boolean isDecimal(int c) {
        return c == '"' || isNumber(c);
    }

    /** True before a decimal value; otherwise skips the value. */
    private boolean stringOrNumber() throws MalformedFrameException {
        if (isDecimal(json.peek())) {
            return true;
        }
        json.skipValue();
        return false;
    }

    private void requireString(String message) throws MalformedFrameException {
        if (json.peek() != '"') {
            throw new MalformedFrameException(message);
        }
        json.readString();
    }

    private long longField(String name) throws MalformedFrameException {
        if (!isNumber(json.peek())) {
            throw new MalformedFrameException("'" + name + "' must be an integer");
        }
        return json.readLong();
    }

    private int field() {
        if (json.keyEscaped()) {
            return F_OTHER; // Binance never escapes its field names
        }
        int n = json.keyLength();
        if (n == 0) {
            return F_OTHER;
        }
        byte c = json.keyByte(0);
        switch (n) {
            case 1 -> {
                return switch (c) {
                    case 'e' -> F_e;
                    case 'E' -> F_E;
                    case 'T' -> F_T;
                    case 's' -> F_s;
                    case 'U' -> F_U;
                    case 'u' -> F_u;
                    case 'b' -> F_b;
                    case 'a' -> F_a;
                    case 'B' -> F_B;
                    case 'A' -> F_A;
                    case 'p' -> F_p;
                    case 'q' -> F_q;
                    case 't' -> F_t;
                    case 'm' -> F_m;
                    case 'i' -> F_i;
                    case 'r' -> F_r;
                    case 'S' -> F_S;
                    case 'z' -> F_z;
                    case 'o' -> F_o;
                    default -> F_OTHER;
                };
            }
            case 2 -> {
                byte c1 = json.keyByte(1);
                if (c == 'p' && c1 == 'u') {
                    return F_pu;
                }
                return c == 'i' && c1 == 'd' ? F_ID : F_OTHER;
            }
            case 3 -> {
                return json.keyIs(MSG) ? F_MSG : F_OTHER;
            }
            case 4 -> {
                return json.keyIs(DATA) ? F_DATA : json.keyIs(CODE) ? F_CODE : F_OTHER;
            }
            case 5 -> {
                return json.keyIs(ERROR) ? F_ERROR : F_OTHER;
            }
            case 6 -> {
                return json.keyIs(STREAM) ? F_STREAM : json.keyIs(RESULT) ? F_RESULT : F_OTHER;
            }
            default -> {
                return F_OTHER;
            }
        }
    }

    private int eventType() {
        typeStart = json.stringStart();
        typeLength = json.stringLength();
        if (json.stringIs(DEPTH_UPDATE)) {
            return T_DEPTH;
        }
        if (json.stringIs(TRADE)) {
            return T_TRADE;
        }
        if (json.stringIs(AGG_TRADE)) {
            return T_AGG_TRADE;
        }
        if (json.stringIs(BOOK_TICKER)) {
            return T_BOOK_TICKER;
        }
        if (json.stringIs(MARK_PRICE_UPDATE)) {
            return T_MARK_PRICE;
        }
        if (json.stringIs(FORCE_ORDER)) {
            return T_FORCE_ORDER;
        }
        for (byte[] ignored : IGNORED_TYPES) {
            if (json.stringIs(ignored)) {
                return T_IGNORED;
            }
        }
        return T_UNKNOWN;
    }

    private int lookupSymbol() {
        for (int i = 0; i < venueSymbols.length; i++) {
            if (json.stringIs(venueSymbols[i])) {
                return i;
            }
        }
        return -2; // present but not subscribed
    }

    private void dispatch(long receiptTs, FrameSink sink) throws MalformedFrameException {
        if ((seen & S_ERROR) != 0) {
            sink.onSubscriptionError(venue + " error" + (errorCode == MISSING ? "" : " " + errorCode) + ": "
                    + (errorMsg == null ? "(no message)" : errorMsg));
            return;
        }
        int t = type;
        if (t == T_NONE) {
            if ((seen & (S_RESULT | S_ID)) != 0) {
                sink.onHeartbeat(); // {"result":null,"id":1}: a subscription was accepted (or a property read)
                return;
            }
            if ((seen & S_TICKER_FIELDS) == S_TICKER_FIELDS || (seen & S_TICKER_STREAM) != 0) {
                t = T_BOOK_TICKER; // spot bookTicker has no 'e'
            } else {
                throw new MalformedFrameException("expected a stream event with 'e', a bookTicker (u, s, b, B, a, A), a reply "
                        + "{\"result\":..,\"id\":..} or an error; found none of these");
            }
        }
        switch (t) {
            case T_DEPTH -> {
                String what = "depthUpdate";
                require(eventTime != MISSING, what, "E");
                require(firstId != MISSING, what, "U");
                require(lastId != MISSING, what, "u");
                if (futures) {
                    require(prevId != MISSING, what, "pu");
                }
                require((seen & S_BIDS) != 0, what, "b");
                require((seen & S_ASKS) != 0, what, "a");
                Subscription sub = subscription(what, Channel.L2_BOOK);
                book.setTimes(eventTime * MS, receiptTs);
                book.sequence(firstId, lastId, futures ? prevId : -1);
                sink.onEvent(sub, book);
            }
            case T_TRADE, T_AGG_TRADE -> {
                String what = t == T_TRADE ? "trade" : "aggTrade";
                long id = t == T_TRADE ? tradeId : aggId;
                require(id != MISSING, what, t == T_TRADE ? "t" : "a");
                require((seen & S_PRICE) != 0, what, "p");
                require((seen & S_QTY) != 0, what, "q");
                require((seen & S_MAKER) != 0, what, "m");
                require(eventTime != MISSING || transactTime != MISSING, what, "E");
                Subscription sub = subscription(what, Channel.TRADES);
                long ms = eventTime != MISSING ? eventTime : transactTime;
                // m: the buyer is the maker, so the taker (aggressor) sold
                trade.set(ms * MS, receiptTs, maker ? Side.SELL : Side.BUY, price, qty, id);
                sink.onEvent(sub, trade);
            }
            case T_BOOK_TICKER -> {
                String what = "bookTicker";
                require((seen & S_BID_PX) != 0, what, "b");
                require((seen & S_BID_QTY) != 0, what, "B");
                require((seen & S_ASK_PX) != 0, what, "a");
                require((seen & S_ASK_QTY) != 0, what, "A");
                Subscription sub = subscription(what, Channel.TICKER);
                long ts = eventTime != MISSING ? eventTime * MS : transactTime != MISSING ? transactTime * MS : receiptTs;
                quote.set(ts, receiptTs, bidPx, bidQty, askPx, askQty);
                sink.onEvent(sub, quote);
            }
            case T_MARK_PRICE -> {
                String what = "markPriceUpdate";
                require(eventTime != MISSING, what, "E");
                require((seen & S_PRICE) != 0, what, "p");
                Subscription sub = subscription(what, Channel.DERIVATIVE_TICKER);
                // T is the next funding time; the stream carries no open interest, last price or predicted rate
                derivativeTicker.set(eventTime * MS, receiptTs, (seen & S_FUNDING) != 0 ? fundingRate : Double.NaN, Double.NaN,
                        transactTime != MISSING ? transactTime * MS : 0, Double.NaN, price, (seen & S_INDEX) != 0 ? indexPx : Double.NaN,
                        Double.NaN);
                sink.onEvent(sub, derivativeTicker);
            }
            case T_FORCE_ORDER -> {
                String what = "forceOrder";
                require((seen & S_SIDE) != 0, what, "o.S");
                require((seen & S_PRICE) != 0, what, "o.p");
                require((seen & (S_FILLED | S_QTY)) != 0, what, "o.z");
                require(eventTime != MISSING || transactTime != MISSING, what, "E");
                Subscription sub = subscription(what, Channel.LIQUIDATIONS);
                long ms = transactTime != MISSING ? transactTime : eventTime; // o.T: when the liquidation order traded
                // the filled quantity (z), as Tardis takes it; the venue sends no liquidation id
                liquidation.set(ms * MS, receiptTs, side, price, (seen & S_FILLED) != 0 ? filledQty : qty, 0);
                sink.onEvent(sub, liquidation);
            }
            case T_IGNORED -> sink.onHeartbeat();
            default -> throw new MalformedFrameException("unknown event type '" + rawText(typeStart, typeLength)
                    + "'; expected depthUpdate, trade, aggTrade, bookTicker, markPriceUpdate or forceOrder");
        }
    }

    private static void require(boolean present, String event, String field) throws MalformedFrameException {
        if (!present) {
            throw new MalformedFrameException(event + " without '" + field + "'");
        }
    }

    private Subscription subscription(String event, Channel channel) throws MalformedFrameException {
        if (symbol == -1) {
            throw new MalformedFrameException(event + " without 's' (symbol)");
        }
        if (symbol < 0) {
            throw new MalformedFrameException(event + " for symbol '" + rawText(symbolStart, symbolLength)
                    + "', which this connection did not subscribe (subscribed: " + String.join(", ", venueSymbolNames) + ")");
        }
        return subscriptions[symbol][channel.ordinal()];
    }

    private String rawText(int start, int length) {
        return json.textAt(start, length); // error paths only; the cursor's buffer still holds the frame
    }

    private static String describe(int c) {
        return switch (c) {
            case '[' -> "an array";
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            case -1 -> "an empty frame (invalid JSON)";
            default -> isNumber(c) ? "a number" : "invalid JSON";
        };
    }

    static String excerpt(byte[] frame, int offset, int length) {
        int n = Math.min(length, 200);
        String s = new String(frame, offset, n, StandardCharsets.UTF_8);
        return n < length ? s + "..." : s;
    }
}
