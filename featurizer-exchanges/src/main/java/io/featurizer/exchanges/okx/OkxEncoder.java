package io.featurizer.exchanges.okx;

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
import io.featurizer.exchanges.protocol.VenueRefusal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's OKX v5: writes events as OKX's public WebSocket pushes, one encoder per client
 * connection. Per symbol it keeps the {@code books} sequence: each update names the previous push's
 * {@code seqId} as its {@code prevSeqId}; ids advance by varying steps (1 to 4), as OKX's do, so a
 * client that expects {@code +1} fails here as it would live. Every book push carries the CRC32
 * checksum of the book after it ({@link OkxChecksum}), with prices and sizes written by
 * {@link OkxDecimal}, the same rule the client's {@link OkxProtocol#checksum} uses, so both agree
 * on every double.
 *
 * <p>Faults: {@link #skipSequence} makes the next <i>update</i> name a {@code prevSeqId} the client
 * never saw (a snapshot in between would hide the gap, so the skip waits for an update);
 * {@link #corruptNextChecksum} makes the next book push's checksum wrong (never 0, which the client
 * reads as "no checksum"). {@link #keepAliveFrame} writes OKX's no-change push ({@code seqId ==
 * prevSeqId}, empty sides).
 */
public final class OkxEncoder implements VenueEncoder {
    private static final int FIRST_SEQ_ID = 1_000;

    private final String connId;
    private final Map<String, SymbolState> states = new HashMap<>();
    private final List<String> listed = new ArrayList<>(); // instIds the simulator lists: liquidation-orders is per instrument type
    private final StringBuilder sb = new StringBuilder(4096);
    private final byte[] scratch = new byte[OkxDecimal.MAX_FAST_CHARS];
    private final OkxChecksum checksum = new OkxChecksum();
    private long tradeSeqId = FIRST_SEQ_ID;

    private static final class SymbolState {
        long seqId = FIRST_SEQ_ID;
        long steps;
        int pendingSkip;
        boolean corruptNext;
        String bookChannel = OkxProtocol.BOOKS; // the book channel the client subscribed

        long advance() {
            seqId += 1 + (steps++ & 3);
            return seqId;
        }
    }

    public OkxEncoder() {
        this("a4d3ae55");
    }

    /** {@code connId} is echoed in acknowledgements, as OKX does. */
    public OkxEncoder(String connId) {
        this.connId = connId;
    }

    private SymbolState state(String symbol) {
        return states.computeIfAbsent(instId(symbol), s -> new SymbolState());
    }

    private static String instId(String symbol) {
        return symbol.toUpperCase(java.util.Locale.ROOT).replace('/', '-');
    }

    @Override
    public void listSymbols(java.util.Collection<String> symbols) {
        symbols.forEach(s -> listed.add(instId(s)));
    }

    @Override
    public List<Subscription> parseSubscribe(String frame) throws MalformedFrameException {
        String t = frame.trim();
        if (t.equals("ping")) {
            return List.of();
        }
        byte[] b = t.getBytes(StandardCharsets.UTF_8);
        JsonCursor j = new JsonCursor(OkxProtocol.EXCHANGE);
        j.reset(b, 0, b.length);
        j.beginObject();
        String op = null;
        List<Subscription> subs = new ArrayList<>();
        while (j.nextField()) {
            if (j.keyIs(JsonCursor.ascii("op"))) {
                j.readString();
                op = j.text();
            } else if (j.keyIs(JsonCursor.ascii("args"))) {
                j.beginArray();
                while (j.nextElement()) {
                    String channel = null;
                    String inst = null;
                    String instType = null;
                    j.beginObject();
                    while (j.nextField()) {
                        if (j.keyIs(JsonCursor.ascii("channel"))) {
                            j.readString();
                            channel = j.text();
                        } else if (j.keyIs(JsonCursor.ascii("instId"))) {
                            j.readString();
                            inst = j.text();
                        } else if (j.keyIs(JsonCursor.ascii("instType"))) {
                            j.readString();
                            instType = j.text();
                        } else {
                            j.skipValue();
                        }
                    }
                    if (derivativesArg(channel, inst, instType, subs)) {
                        continue;
                    }
                    Channel c = channel == null ? null : OkxProtocol.channelOf(channel);
                    if (c == null || inst == null || inst.isEmpty()) {
                        String msg = "Wrong URL or channel:" + channel + ",instId:" + inst
                                + " doesn't exist. Please use the correct URL, channel and parameters referring to API document.";
                        throw new VenueRefusal("OKX: " + msg, errorFrame("60018", msg));
                    }
                    if (OkxProtocol.BOOKS_L2_TBT.equals(channel)) {
                        // OKX serves the tick-by-tick 400-level book to logged-in VIP accounts only
                        throw new VenueRefusal("OKX: Please log in", errorFrame("60011", "Please log in"));
                    }
                    if (c == Channel.L2_BOOK) {
                        state(inst).bookChannel = channel;
                    }
                    subs.add(new Subscription(inst, c));
                }
            } else {
                j.skipValue();
            }
        }
        if (!j.atEnd()) {
            throw j.error("text after the request");
        }
        if (op == null) {
            throw new MalformedFrameException("OKX: request without op: " + t);
        }
        return switch (op) {
            case "subscribe" -> {
                if (subs.isEmpty()) {
                    throw new MalformedFrameException("OKX: subscribe without args");
                }
                yield subs;
            }
            case "unsubscribe" -> List.of();
            default -> throw new MalformedFrameException("OKX: unsupported op " + op);
        };
    }

    /**
     * The derivatives channels: {@code funding-rate}, {@code open-interest}, {@code mark-price} of an instrument stand
     * for its derivative ticker; {@code index-tickers} is served with it (nothing of its own to subscribe);
     * {@code liquidation-orders} of an instrument type for the liquidations of every listed instrument of that type.
     */
    private boolean derivativesArg(String channel, String inst, String instType, List<Subscription> subs) {
        if (channel == null) {
            return false;
        }
        switch (channel) {
            case OkxDerivatives.FUNDING_RATE, OkxDerivatives.OPEN_INTEREST, OkxDerivatives.MARK_PRICE -> {
                if (inst == null || inst.isEmpty()) {
                    return false;
                }
                Subscription s = new Subscription(inst, Channel.DERIVATIVE_TICKER);
                if (!subs.contains(s)) {
                    subs.add(s);
                }
                return true;
            }
            case OkxDerivatives.INDEX_TICKERS -> {
                return inst != null && !inst.isEmpty();
            }
            case OkxDerivatives.LIQUIDATION_ORDERS -> {
                if (instType == null) {
                    return false;
                }
                for (String listedInst : listed) {
                    if (OkxDerivatives.instType(listedInst).equals(instType)) {
                        subs.add(new Subscription(listedInst, Channel.LIQUIDATIONS));
                    }
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A {@code subscribe} event per subscription, and for each {@code books} subscription a snapshot
     * push of {@code currentBook} (levels sorted best first, {@code prevSeqId} -1, checksum of its top
     * 25 levels). {@code currentBook} is taken as the whole book even if it is not flagged a snapshot.
     */
    @Override
    public List<String> acknowledge(List<Subscription> subscriptions, java.util.function.Function<String, BookUpdate> currentBooks) {
        List<String> frames = new ArrayList<>();
        for (Subscription s : subscriptions) {
            BookUpdate currentBook = s.channel() == Channel.L2_BOOK ? currentBooks.apply(s.symbol()) : null;
            String inst = instId(s.symbol());
            sb.setLength(0);
            sb.append("{\"event\":\"subscribe\",\"arg\":");
            if (s.channel() == Channel.LIQUIDATIONS) {
                sb.append("{\"channel\":\"").append(OkxDerivatives.LIQUIDATION_ORDERS).append("\",\"instType\":\"")
                        .append(OkxDerivatives.instType(inst)).append("\"}");
            } else {
                arg(s.channel() == Channel.L2_BOOK ? state(inst).bookChannel : s.channel() == Channel.TRADES ? OkxProtocol.TRADES
                        : s.channel() == Channel.DERIVATIVE_TICKER ? OkxDerivatives.MARK_PRICE : OkxProtocol.TICKERS, inst);
            }
            sb.append(",\"connId\":\"").append(connId).append("\"}");
            frames.add(sb.toString());
            if (s.channel() == Channel.L2_BOOK && currentBook != null) {
                OrderBook book = new OrderBook();
                BookUpdate full = new BookUpdate().reset(currentBook.ts(), currentBook.receiptTs(), true);
                for (int i = 0; i < currentBook.bidCount(); i++) {
                    full.addBid(currentBook.bidPrice(i), currentBook.bidSize(i));
                }
                for (int i = 0; i < currentBook.askCount(); i++) {
                    full.addAsk(currentBook.askPrice(i), currentBook.askSize(i));
                }
                book.apply(full);
                frames.add(snapshotFrame(inst, currentBook.ts(), book));
            }
        }
        return frames;
    }

    /**
     * A {@code books5} or {@code bbo-tbt} push: the top 5 (or 1) levels of the whole book, no {@code action},
     * no checksum, a {@code seqId} (as OKX's books5 and bbo-tbt pushes carry).
     */
    private String topOfBookFrame(String inst, SymbolState st, long tsNanos, OrderBook book) {
        int depth = OkxProtocol.channelDepth(st.bookChannel);
        long seq = st.advance();
        sb.setLength(0);
        sb.append("{\"arg\":");
        arg(st.bookChannel, inst);
        sb.append(",\"data\":[{\"asks\":[");
        ladder(book.asks(), depth);
        sb.append("],\"bids\":[");
        ladder(book.bids(), depth);
        sb.append("],\"instId\":\"").append(inst).append("\",\"ts\":\"").append(Math.floorDiv(tsNanos, 1_000_000L))
                .append("\",\"seqId\":").append(seq).append("}]}");
        return sb.toString();
    }

    private String snapshotFrame(String inst, long tsNanos, OrderBook book) {
        SymbolState st = state(inst);
        if (OkxProtocol.snapshotsOnly(st.bookChannel)) {
            return topOfBookFrame(inst, st, tsNanos, book);
        }
        long seq = st.advance();
        sb.setLength(0);
        bookHead(inst, true);
        sb.append("{\"asks\":[");
        ladder(book.asks());
        sb.append("],\"bids\":[");
        ladder(book.bids());
        sb.append(']');
        bookTail(st, tsNanos, book, -1, seq);
        return sb.toString();
    }

    /**
     * A {@code books} push: a snapshot ({@code prevSeqId} -1) when {@code update} is one, else an
     * update chained to the previous push; the checksum is {@code book}'s, the book after it.
     */
    @Override
    public String bookFrame(String symbol, BookUpdate update, OrderBook book) {
        String inst = instId(symbol);
        SymbolState st = state(inst);
        if (OkxProtocol.snapshotsOnly(st.bookChannel)) {
            return topOfBookFrame(inst, st, update.ts(), book);
        }
        long prev;
        if (update.isSnapshot()) {
            prev = -1;
        } else {
            st.seqId += st.pendingSkip;
            st.pendingSkip = 0;
            prev = st.seqId;
        }
        long seq = st.advance();
        sb.setLength(0);
        bookHead(inst, update.isSnapshot());
        sb.append("{\"asks\":[");
        for (int i = 0; i < update.askCount(); i++) {
            level(i, update.askPrice(i), update.askSize(i));
        }
        sb.append("],\"bids\":[");
        for (int i = 0; i < update.bidCount(); i++) {
            level(i, update.bidPrice(i), update.bidSize(i));
        }
        sb.append(']');
        bookTail(st, update.ts(), book, prev, seq);
        return sb.toString();
    }

    /** OKX's keep-alive push after a quiet minute: empty sides, {@code seqId == prevSeqId ==} the last. */
    public String keepAliveFrame(String symbol, long tsNanos, OrderBook book) {
        String inst = instId(symbol);
        SymbolState st = state(inst);
        sb.setLength(0);
        bookHead(inst, false);
        sb.append("{\"asks\":[],\"bids\":[]");
        bookTail(st, tsNanos, book, st.seqId, st.seqId);
        return sb.toString();
    }

    private void bookHead(String inst, boolean snapshot) {
        sb.append("{\"arg\":");
        arg(state(inst).bookChannel, inst);
        sb.append(",\"action\":\"").append(snapshot ? "snapshot" : "update").append("\",\"data\":[");
    }

    private void bookTail(SymbolState st, long tsNanos, OrderBook book, long prev, long seq) {
        int sum = checksum.of(book);
        if (st.corruptNext) {
            st.corruptNext = false;
            int bad = sum ^ 1;
            sum = bad != 0 ? bad : sum ^ 2;
        }
        sb.append(",\"ts\":\"").append(Math.floorDiv(tsNanos, 1_000_000L)).append("\",\"checksum\":").append(sum)
                .append(",\"prevSeqId\":").append(prev).append(",\"seqId\":").append(seq).append("}]}");
    }

    private void ladder(PriceLadder side) {
        ladder(side, side.count());
    }

    private void ladder(PriceLadder side, int depth) {
        for (int i = 0, n = Math.min(depth, side.count()); i < n; i++) {
            level(i, side.price(i), side.size(i));
        }
    }

    private void level(int i, double price, double size) {
        if (i > 0) {
            sb.append(',');
        }
        sb.append("[\"");
        OkxDecimal.append(sb, price, scratch);
        sb.append("\",\"");
        OkxDecimal.append(sb, size, scratch);
        sb.append("\",\"0\",\"").append(size == 0 ? '0' : '1').append("\"]");
    }

    private void arg(String channel, String inst) {
        sb.append("{\"channel\":\"").append(channel).append("\",\"instId\":\"").append(inst).append("\"}");
    }

    @Override
    public String tradeFrame(String symbol, Trade trade) {
        String inst = instId(symbol);
        sb.setLength(0);
        sb.append("{\"arg\":");
        arg(OkxProtocol.TRADES, inst);
        sb.append(",\"data\":[{\"instId\":\"").append(inst).append("\",\"tradeId\":\"").append(trade.id()).append("\",\"px\":\"");
        OkxDecimal.append(sb, trade.price(), scratch);
        sb.append("\",\"sz\":\"");
        OkxDecimal.append(sb, trade.amount(), scratch);
        sb.append("\",\"side\":\"").append(trade.side() == Side.BUY ? "buy" : "sell")
                .append("\",\"ts\":\"").append(Math.floorDiv(trade.ts(), 1_000_000L))
                .append("\",\"count\":\"1\",\"source\":\"0\",\"seqId\":").append(++tradeSeqId).append("}]}");
        return sb.toString();
    }

    /** The four pushes OKX sends a derivative ticker's fields on: funding-rate, open-interest, mark-price, the index's index-tickers. */
    @Override
    public List<String> derivativeTickerFrames(String symbol, DerivativeTicker t) {
        String inst = instId(symbol);
        if (!isDerivative(inst)) {
            return List.of(); // spot: no derivatives data
        }
        String ts = Long.toString(Math.floorDiv(t.ts(), 1_000_000L));
        List<String> frames = new ArrayList<>(4);
        sb.setLength(0);
        sb.append("{\"arg\":");
        arg(OkxDerivatives.FUNDING_RATE, inst);
        sb.append(",\"data\":[{\"fundingRate\":\"");
        decimalOrEmpty(t.fundingRate());
        sb.append("\",\"fundingTime\":\"").append(Math.floorDiv(t.nextFundingTime(), 1_000_000L)).append("\",\"instId\":\"").append(inst)
                .append("\",\"instType\":\"").append(OkxDerivatives.instType(inst)).append("\",\"nextFundingRate\":\"");
        decimalOrEmpty(t.predictedFundingRate());
        sb.append("\",\"ts\":\"").append(ts).append("\"}]}");
        frames.add(sb.toString());
        frames.add(valuePush(OkxDerivatives.OPEN_INTEREST, inst, "oi", t.openInterest(), ts));
        frames.add(valuePush(OkxDerivatives.MARK_PRICE, inst, "markPx", t.markPrice(), ts));
        frames.add(valuePush(OkxDerivatives.INDEX_TICKERS, OkxDerivatives.indexId(inst), "idxPx", t.indexPrice(), ts));
        return frames;
    }

    /** A perpetual ({@code -SWAP}) or a dated future ({@code -YYMMDD}). */
    private static boolean isDerivative(String inst) {
        return inst.endsWith("-SWAP") || inst.matches(".*-\\d{6}");
    }

    private String valuePush(String channel, String id, String field, double value, String ts) {
        sb.setLength(0);
        sb.append("{\"arg\":");
        arg(channel, id);
        sb.append(",\"data\":[{\"instId\":\"").append(id).append("\",\"").append(field).append("\":\"");
        decimalOrEmpty(value);
        return sb.append("\",\"ts\":\"").append(ts).append("\"}]}").toString();
    }

    /** A {@code liquidation-orders} push of one instrument: the order's {@code side}, the position's {@code posSide}, {@code bkPx}, {@code sz}. */
    @Override
    public String liquidationFrame(String symbol, Liquidation l) {
        String inst = instId(symbol);
        if (!isDerivative(inst)) {
            return null;
        }
        String type = OkxDerivatives.instType(inst);
        sb.setLength(0);
        sb.append("{\"arg\":{\"channel\":\"").append(OkxDerivatives.LIQUIDATION_ORDERS).append("\",\"instType\":\"").append(type)
                .append("\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"");
        OkxDecimal.append(sb, l.price(), scratch);
        sb.append("\",\"ccy\":\"\",\"posSide\":\"").append(l.side() == Side.BUY ? "short" : "long").append("\",\"side\":\"")
                .append(l.side() == Side.BUY ? "buy" : "sell").append("\",\"sz\":\"");
        OkxDecimal.append(sb, l.amount(), scratch);
        sb.append("\",\"ts\":\"").append(Math.floorDiv(l.ts(), 1_000_000L)).append("\"}],\"instFamily\":\"").append(OkxDerivatives.indexId(inst))
                .append("\",\"instId\":\"").append(inst).append("\",\"instType\":\"").append(type).append("\",\"uly\":\"")
                .append(OkxDerivatives.indexId(inst)).append("\"}]}");
        return sb.toString();
    }

    @Override
    public String tickerFrame(String symbol, Quote quote) {
        String inst = instId(symbol);
        sb.setLength(0);
        sb.append("{\"arg\":");
        arg(OkxProtocol.TICKERS, inst);
        sb.append(",\"data\":[{\"instType\":\"").append(inst.endsWith("-SWAP") ? "SWAP" : "SPOT")
                .append("\",\"instId\":\"").append(inst).append("\",\"askPx\":\"");
        decimalOrEmpty(quote.askPrice());
        sb.append("\",\"askSz\":\"");
        decimalOrEmpty(quote.askSize());
        sb.append("\",\"bidPx\":\"");
        decimalOrEmpty(quote.bidPrice());
        sb.append("\",\"bidSz\":\"");
        decimalOrEmpty(quote.bidSize());
        sb.append("\",\"ts\":\"").append(Math.floorDiv(quote.ts(), 1_000_000L)).append("\"}]}");
        return sb.toString();
    }

    private void decimalOrEmpty(double d) {
        if (!Double.isNaN(d)) {
            OkxDecimal.append(sb, d, scratch);
        }
    }

    /** {@code pong} for the text {@code ping}, else null. */
    @Override
    public String pong(String frame) {
        return frame != null && frame.trim().equals("ping") ? "pong" : null;
    }

    /** Null: OKX's book snapshots come over the WebSocket. */
    @Override
    public String restSnapshot(String symbol, OrderBook book, int depth) {
        return null;
    }

    /** The next update for {@code symbol} names a {@code prevSeqId} {@code n} ids past the last push sent. */
    @Override
    public void skipSequence(String symbol, int n) {
        state(symbol).pendingSkip += n;
    }

    @Override
    public void corruptNextChecksum(String symbol) {
        state(symbol).corruptNext = true;
    }

    /** OKX's error event for a subscription to an instrument it does not list (code 60018). */
    @Override
    public String unknownSymbolReply(Subscription subscription) {
        String channel = subscription.channel() == Channel.L2_BOOK ? state(instId(subscription.symbol())).bookChannel
                : subscription.channel() == Channel.TRADES ? OkxProtocol.TRADES : OkxProtocol.TICKERS;
        return errorFrame("60018", "Wrong URL or channel:" + channel + ",instId:" + instId(subscription.symbol())
                + " doesn't exist. Please use the correct URL, channel and parameters referring to API document.");
    }

    /** OKX's answer to a request it refuses, e.g. {@code errorFrame("60018", "Wrong URL or channel:...")}. */
    public String errorFrame(String code, String msg) {
        StringBuilder e = new StringBuilder("{\"event\":\"error\",\"code\":\"").append(code).append("\",\"msg\":\"");
        for (int i = 0; i < msg.length(); i++) {
            char c = msg.charAt(i);
            if (c == '"' || c == '\\') {
                e.append('\\').append(c);
            } else if (c < 0x20) {
                e.append(String.format("\\u%04x", (int) c));
            } else {
                e.append(c);
            }
        }
        return e.append("\",\"connId\":\"").append(connId).append("\"}").toString();
    }
}
