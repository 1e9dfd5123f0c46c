package io.featurizer.exchanges.okx;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.core.text.Decimals;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.JsonCursor;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;

import static io.featurizer.exchanges.protocol.JsonCursor.ascii;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads one OKX v5 public WebSocket connection's frames:
 * <ul>
 *   <li>{@code books} pushes ({@code action} {@code snapshot}/{@code update}) become one
 *       {@link BookUpdate} per element of {@code data}, with {@code sequence(seqId, seqId, prevSeqId)}
 *       and {@code ts} from the venue's {@code ts} (ms), followed by
 *       {@link FrameSink#onChecksum} with the venue's signed checksum (see below for when it is held back);</li>
 *   <li>{@code trades} pushes become one {@link Trade} per element (taker {@code side}, {@code px},
 *       {@code sz}, {@code tradeId}, {@code ts});</li>
 *   <li>{@code tickers} pushes become a {@link Quote} ({@code bidPx}, {@code bidSz}, {@code askPx},
 *       {@code askSz}, {@code ts}; an empty string, which OKX sends for a side without orders, is NaN);</li>
 *   <li>{@code funding-rate}, {@code open-interest}, {@code mark-price}, {@code index-tickers} and
 *       {@code liquidation-orders} pushes are derivatives data, read by {@link OkxDerivatives};</li>
 *   <li>the text {@code pong} and {@code subscribe}/{@code unsubscribe}/{@code notice} events are
 *       heartbeats; {@code error} events are {@link FrameSink#onSubscriptionError} with
 *       {@code "code: msg"}.</li>
 * </ul>
 * Anything else (not JSON, a channel or instId not subscribed on this connection, a documented field
 * missing or not a number) is a {@link MalformedFrameException}. Fields may come in any order; when
 * {@code data} precedes {@code arg} or {@code action} it is read after them.
 *
 * <p><b>Checksums held back.</b> The checksum is forwarded only when it can be verified from the
 * connector's double-valued book: (1) a checksum of 0 is not forwarded, because OKX announced that the
 * field stays in pushes but always carries 0 once deprecated (and a true CRC of 0 is a 1 in 2^32
 * chance); (2) after a level arrives whose price or size string {@link OkxDecimal#reproduces cannot be
 * rebuilt} from its double (for example {@code "0.10"}, {@code "8477.0"}, {@code "1e-5"}), checksums of that book are held back until the next
 * snapshot, because the string rebuilt from the double ({@code "0.1"}) would not hash the same and
 * every frame would look corrupt. {@link #nonCanonicalLevels()} counts such levels.
 *
 * <p>Allocation: none per frame on the normal path (one reused event of each kind, byte comparisons
 * for keys and symbols, decimals parsed from a reused char buffer); errors allocate their message.
 */
public final class OkxDecoder implements FrameDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(OkxDecoder.class);

    private static final byte[] K_EVENT = ascii("event"), K_ARG = ascii("arg"), K_ACTION = ascii("action"),
            K_DATA = ascii("data"), K_CODE = ascii("code"), K_MSG = ascii("msg"), K_CHANNEL = ascii("channel"),
            K_INST_ID = ascii("instId"), K_INST_TYPE = ascii("instType"), K_ASKS = ascii("asks"), K_BIDS = ascii("bids"), K_TS = ascii("ts"),
            K_CHECKSUM = ascii("checksum"), K_SEQ_ID = ascii("seqId"), K_PREV_SEQ_ID = ascii("prevSeqId"),
            K_PX = ascii("px"), K_SZ = ascii("sz"), K_SIDE = ascii("side"), K_TRADE_ID = ascii("tradeId"),
            K_BID_PX = ascii("bidPx"), K_BID_SZ = ascii("bidSz"), K_ASK_PX = ascii("askPx"), K_ASK_SZ = ascii("askSz");
    private static final byte[] V_SUBSCRIBE = ascii("subscribe"), V_UNSUBSCRIBE = ascii("unsubscribe"),
            V_ERROR = ascii("error"), V_NOTICE = ascii("notice"), V_SNAPSHOT = ascii("snapshot"), V_UPDATE = ascii("update"),
            V_BUY = ascii("buy"), V_SELL = ascii("sell"), PONG = ascii("pong");

    private static final byte[] BOOKS_BYTES = ascii(OkxProtocol.BOOKS), BOOKS_L2_TBT_BYTES = ascii(OkxProtocol.BOOKS_L2_TBT);
    private static final int NONE = 0, EV_ACK = 1, EV_ERROR = 2, EV_NOTICE = 3, EV_OTHER = 4;
    private static final int ACT_SNAPSHOT = 1, ACT_UPDATE = 2, ACT_OTHER = 3;

    private final Subscription[] subs;
    private final OkxDerivatives derivatives;
    private final byte[][] subInstIds;
    private final byte[][] subChannels;
    private final boolean[] heldBack; // per subscription: a non-canonical level entered the book since its snapshot
    private final boolean[] snapshotsOnly; // per subscription: a books5 / bbo-tbt book, every push a whole snapshot
    private final JsonCursor json = new JsonCursor(OkxProtocol.EXCHANGE);
    private final BookUpdate book = new BookUpdate();
    private final Trade trade = new Trade();
    private final Quote quote = new Quote();
    private long nonCanonicalLevels;
    private boolean levelsCanonical;

    /** A decoder for the given subscriptions; {@code venueSymbols} maps each to its OKX {@code instId}. */
    OkxDecoder(List<Subscription> subscriptions, java.util.function.Function<String, String> venueSymbols,
               java.util.function.Function<Channel, String> channelNames) {
        derivatives = new OkxDerivatives(subscriptions, venueSymbols);
        subs = subscriptions.stream().filter(s -> !s.channel().isDerivatives()).toArray(Subscription[]::new);
        int n = subs.length;
        subInstIds = new byte[n][];
        subChannels = new byte[n][];
        heldBack = new boolean[n];
        snapshotsOnly = new boolean[n];
        for (int i = 0; i < n; i++) {
            subInstIds[i] = ascii(venueSymbols.apply(subs[i].symbol()));
            subChannels[i] = ascii(channelNames.apply(subs[i].channel()));
            snapshotsOnly[i] = subs[i].channel() == Channel.L2_BOOK && OkxProtocol.snapshotsOnly(channelNames.apply(subs[i].channel()));
        }
    }

    /** Book levels seen whose decimal strings the checksum cannot reproduce (see the class notes). */
    public long nonCanonicalLevels() {
        return nonCanonicalLevels;
    }

    @Override
    public void decode(byte[] frame, int offset, int length, long receiptTs, FrameSink sink) throws MalformedFrameException {
        JsonCursor j = json;
        j.reset(frame, offset, length);
        int first = j.peek();
        if (first < 0) {
            throw new MalformedFrameException("OKX: empty frame");
        }
        if (first != '{') {
            if (isPong(frame, j.position(), offset + length)) {
                sink.onHeartbeat();
                return;
            }
            throw j.error("not a JSON object");
        }
        j.beginObject();
        int event = NONE;
        int action = NONE;
        int codeStart = -1, codeEnd = -1;
        String msg = null;
        int chStart = -1, chLen = 0, instStart = -1, instLen = 0, typeStart = -1, typeLen = 0;
        int dataPos = -1;
        boolean dataDone = false;
        while (j.nextField()) {
            if (j.keyIs(K_EVENT)) {
                j.readString();
                event = j.stringIs(V_SUBSCRIBE) || j.stringIs(V_UNSUBSCRIBE) ? EV_ACK
                        : j.stringIs(V_ERROR) ? EV_ERROR : j.stringIs(V_NOTICE) ? EV_NOTICE : EV_OTHER;
            } else if (j.keyIs(K_ARG)) {
                j.beginObject();
                while (j.nextField()) {
                    if (j.keyIs(K_CHANNEL)) {
                        j.readString();
                        chStart = j.stringStart();
                        chLen = j.stringLength();
                    } else if (j.keyIs(K_INST_ID)) {
                        j.readString();
                        instStart = j.stringStart();
                        instLen = j.stringLength();
                    } else if (j.keyIs(K_INST_TYPE)) {
                        j.readString();
                        typeStart = j.stringStart();
                        typeLen = j.stringLength();
                    } else {
                        j.skipValue();
                    }
                }
            } else if (j.keyIs(K_ACTION)) {
                j.readString();
                action = j.stringIs(V_SNAPSHOT) ? ACT_SNAPSHOT : j.stringIs(V_UPDATE) ? ACT_UPDATE : ACT_OTHER;
            } else if (j.keyIs(K_DATA)) {
                if (event == NONE && chStart >= 0 && derivatives.handles(j, chStart, chLen, instStart, instLen, typeStart, typeLen)) {
                    derivatives.data(j, chStart, chLen, instStart, instLen, receiptTs, sink);
                    dataDone = true;
                } else if (event == NONE && chStart >= 0 && instStart >= 0 && (action != NONE || !isBooks(chStart, chLen))) {
                    data(subscription(chStart, chLen, instStart, instLen), action, receiptTs, sink);
                    dataDone = true;
                } else {
                    dataPos = j.position();
                    j.skipValue();
                }
            } else if (j.keyIs(K_CODE)) {
                j.peek();
                codeStart = j.position();
                j.skipValue();
                codeEnd = j.position();
            } else if (j.keyIs(K_MSG)) {
                if (j.readStringOrNull()) {
                    msg = event == EV_ERROR || event == NONE || event == EV_NOTICE ? j.text() : null;
                }
            } else {
                j.skipValue();
            }
        }
        if (!j.atEnd()) {
            throw j.error("text after the object");
        }
        if (event != NONE) {
            onEvent(event, codeStart, codeEnd, msg, sink);
            return;
        }
        if (dataDone) {
            return;
        }
        if (chStart >= 0 && dataPos >= 0 && derivatives.handles(j, chStart, chLen, instStart, instLen, typeStart, typeLen)) {
            j.seek(dataPos);
            derivatives.data(j, chStart, chLen, instStart, instLen, receiptTs, sink);
            return;
        }
        if (chStart < 0 || instStart < 0) {
            throw new MalformedFrameException("OKX: frame has neither an event nor an arg with channel and instId: '"
                    + j.excerpt(offset, 120) + "'");
        }
        if (dataPos < 0) {
            throw new MalformedFrameException("OKX: push without data: '" + j.excerpt(offset, 120) + "'");
        }
        int sub = subscription(chStart, chLen, instStart, instLen);
        j.seek(dataPos);
        data(sub, action, receiptTs, sink);
    }

    private void onEvent(int event, int codeStart, int codeEnd, String msg, FrameSink sink) {
        if (event == EV_ERROR) {
            StringBuilder sb = new StringBuilder();
            if (codeStart >= 0) {
                String code = json.excerpt(codeStart, codeEnd - codeStart);
                if (code.length() >= 2 && code.charAt(0) == '"') {
                    code = code.substring(1, code.length() - 1);
                }
                sb.append(code).append(": ");
            }
            sb.append(msg == null ? "(no message)" : msg);
            sink.onSubscriptionError(sb.toString());
            return;
        }
        if (event == EV_NOTICE) {
            LOG.warn("OKX notice: {}", msg);
        }
        sink.onHeartbeat();
    }

    /** An incremental book channel (books, books-l2-tbt): its data is read once {@code action} is known. */
    private boolean isBooks(int chStart, int chLen) {
        return json.regionIs(chStart, chLen, BOOKS_BYTES) || json.regionIs(chStart, chLen, BOOKS_L2_TBT_BYTES);
    }

    private int subscription(int chStart, int chLen, int instStart, int instLen) throws MalformedFrameException {
        for (int i = 0; i < subs.length; i++) {
            if (json.regionIs(chStart, chLen, subChannels[i]) && json.regionIs(instStart, instLen, subInstIds[i])) {
                return i;
            }
        }
        throw new MalformedFrameException("OKX: push for " + json.excerpt(chStart, chLen) + " " + json.excerpt(instStart, instLen)
                + ", which this connection did not subscribe");
    }

    private void data(int sub, int action, long receiptTs, FrameSink sink) throws MalformedFrameException {
        Channel channel = subs[sub].channel();
        JsonCursor j = json;
        j.beginArray();
        int n = 0;
        while (j.nextElement()) {
            switch (channel) {
                case L2_BOOK -> {
                    if (snapshotsOnly[sub]) {
                        bookElement(sub, true, receiptTs, sink); // books5, bbo-tbt: each push is the whole (top of the) book
                    } else if (action != ACT_SNAPSHOT && action != ACT_UPDATE) {
                        throw new MalformedFrameException("OKX: books push without action snapshot or update");
                    } else {
                        bookElement(sub, action == ACT_SNAPSHOT, receiptTs, sink);
                    }
                }
                case TRADES -> tradeElement(sub, receiptTs, sink);
                case TICKER -> tickerElement(sub, receiptTs, sink);
                default -> throw new IllegalStateException("derivatives data is read by OkxDerivatives");
            }
            n++;
        }
        if (n == 0) {
            throw new MalformedFrameException("OKX: empty data in a " + channel.sourceName() + " push");
        }
    }

    private void bookElement(int sub, boolean snapshot, long receiptTs, FrameSink sink) throws MalformedFrameException {
        JsonCursor j = json;
        BookUpdate u = book;
        u.reset(0, receiptTs, snapshot);
        long ts = -1, checksum = 0, seq = -1, prev = -1;
        boolean hasChecksum = false;
        levelsCanonical = true;
        j.beginObject();
        while (j.nextField()) {
            if (j.keyIs(K_ASKS)) {
                levels(u, false);
            } else if (j.keyIs(K_BIDS)) {
                levels(u, true);
            } else if (j.keyIs(K_TS)) {
                ts = j.readLong();
            } else if (j.keyIs(K_CHECKSUM)) {
                checksum = j.readLong();
                hasChecksum = true;
            } else if (j.keyIs(K_SEQ_ID)) {
                seq = j.readLong();
            } else if (j.keyIs(K_PREV_SEQ_ID)) {
                prev = j.readLong();
            } else {
                j.skipValue();
            }
        }
        if (ts < 0) {
            throw new MalformedFrameException("OKX: books data without ts");
        }
        u.setTimes(ts * 1_000_000L, receiptTs);
        u.sequence(seq, seq, prev);
        heldBack[sub] = snapshot ? !levelsCanonical : heldBack[sub] || !levelsCanonical;
        sink.onEvent(subs[sub], u);
        if (hasChecksum && checksum != 0 && !heldBack[sub]) {
            sink.onChecksum(subs[sub], checksum);
        }
    }

    /** Reads {@code [[px, sz, "0", numOrders], ...]} into {@code u}'s bids or asks. */
    private void levels(BookUpdate u, boolean bids) throws MalformedFrameException {
        JsonCursor j = json;
        j.beginArray();
        while (j.nextElement()) {
            j.beginArray();
            if (!j.nextElement()) {
                throw j.error("empty book level");
            }
            j.readString();
            int pxStart = j.stringStart(), pxLen = j.stringLength();
            double px = decimal(false);
            if (!j.nextElement()) {
                throw j.error("book level without a size");
            }
            j.readString();
            double sz = decimal(false);
            if (sz != 0 && !(OkxDecimal.reproduces(px, j.bytes(), pxStart, pxLen) && OkxDecimal.reproduces(sz, j.bytes(), j.stringStart(), j.stringLength()))) {
                levelsCanonical = false;
                nonCanonicalLevels++;
            }
            while (j.nextElement()) {
                j.skipValue();
            }
            if (bids) {
                u.addBid(px, sz);
            } else {
                u.addAsk(px, sz);
            }
        }
    }

    private void tradeElement(int sub, long receiptTs, FrameSink sink) throws MalformedFrameException {
        JsonCursor j = json;
        long ts = -1, id = -1;
        double px = Double.NaN, sz = Double.NaN;
        int side = 0;
        j.beginObject();
        while (j.nextField()) {
            if (j.keyIs(K_PX)) {
                j.readString();
                px = decimal(false);
            } else if (j.keyIs(K_SZ)) {
                j.readString();
                sz = decimal(false);
            } else if (j.keyIs(K_SIDE)) {
                j.readString();
                side = j.stringIs(V_BUY) ? Side.BUY : j.stringIs(V_SELL) ? Side.SELL : 0;
                if (side == 0) {
                    throw j.error("trade side is neither buy nor sell");
                }
            } else if (j.keyIs(K_TRADE_ID)) {
                id = j.readLong();
            } else if (j.keyIs(K_TS)) {
                ts = j.readLong();
            } else {
                j.skipValue();
            }
        }
        if (ts < 0 || side == 0 || Double.isNaN(px) || Double.isNaN(sz)) {
            throw new MalformedFrameException("OKX: trade without " + (ts < 0 ? "ts" : side == 0 ? "side" : Double.isNaN(px) ? "px" : "sz"));
        }
        sink.onEvent(subs[sub], trade.set(ts * 1_000_000L, receiptTs, side, px, sz, id));
    }

    private void tickerElement(int sub, long receiptTs, FrameSink sink) throws MalformedFrameException {
        JsonCursor j = json;
        long ts = -1;
        double bidPx = Double.NaN, bidSz = Double.NaN, askPx = Double.NaN, askSz = Double.NaN;
        j.beginObject();
        while (j.nextField()) {
            if (j.keyIs(K_BID_PX)) {
                j.readString();
                bidPx = decimal(true);
            } else if (j.keyIs(K_BID_SZ)) {
                j.readString();
                bidSz = decimal(true);
            } else if (j.keyIs(K_ASK_PX)) {
                j.readString();
                askPx = decimal(true);
            } else if (j.keyIs(K_ASK_SZ)) {
                j.readString();
                askSz = decimal(true);
            } else if (j.keyIs(K_TS)) {
                ts = j.readLong();
            } else {
                j.skipValue();
            }
        }
        if (ts < 0) {
            throw new MalformedFrameException("OKX: ticker without ts");
        }
        sink.onEvent(subs[sub], quote.set(ts * 1_000_000L, receiptTs, bidPx, bidSz, askPx, askSz));
    }

    /** The last string read as a decimal; an empty string is NaN when {@code emptyIsNaN}, else malformed. */
    private double decimal(boolean emptyIsNaN) throws MalformedFrameException {
        JsonCursor j = json;
        int len = j.stringLength();
        if (len == 0) {
            if (emptyIsNaN) {
                return Double.NaN;
            }
            throw j.error("empty decimal");
        }
        if (j.stringEscaped()) {
            throw j.error("escaped characters in a decimal");
        }
        try {
            return Decimals.parse(j.bytes(), j.stringStart(), j.stringStart() + len);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("OKX: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a REST {@code GET /api/v5/market/books} body into a snapshot (sequence {@code seqId} when
     * the body has one, else -1). Not used while book snapshots come over the WebSocket.
     */
    void decodeRestBook(byte[] body, long receiptTs, BookUpdate into) throws MalformedFrameException {
        JsonCursor j = json;
        j.reset(body, 0, body.length);
        j.beginObject();
        boolean done = false;
        String code = null;
        String msg = null;
        while (j.nextField()) {
            if (j.keyIs(K_CODE)) {
                j.peek();
                int s = j.position();
                j.skipValue();
                code = j.excerpt(s, j.position() - s).replace("\"", "");
            } else if (j.keyIs(K_MSG)) {
                if (j.readStringOrNull()) {
                    msg = j.text();
                }
            } else if (j.keyIs(K_DATA) && !done) {
                j.beginArray();
                if (!j.nextElement()) {
                    throw new MalformedFrameException("OKX: REST book with empty data" + (msg == null || msg.isEmpty() ? "" : ": " + msg));
                }
                restElement(receiptTs, into);
                while (j.nextElement()) {
                    j.skipValue();
                }
                done = true;
            } else {
                j.skipValue();
            }
        }
        if (code != null && !code.equals("0")) {
            throw new MalformedFrameException("OKX: REST book request failed: " + code + ": " + msg);
        }
        if (!done) {
            throw new MalformedFrameException("OKX: REST book without data");
        }
    }

    private void restElement(long receiptTs, BookUpdate into) throws MalformedFrameException {
        JsonCursor j = json;
        into.reset(0, receiptTs, true);
        long ts = -1, seq = -1;
        j.beginObject();
        while (j.nextField()) {
            if (j.keyIs(K_ASKS)) {
                levels(into, false);
            } else if (j.keyIs(K_BIDS)) {
                levels(into, true);
            } else if (j.keyIs(K_TS)) {
                ts = j.readLong();
            } else if (j.keyIs(K_SEQ_ID)) {
                seq = j.readLong();
            } else {
                j.skipValue();
            }
        }
        if (ts < 0) {
            throw new MalformedFrameException("OKX: REST book without ts");
        }
        into.setTimes(ts * 1_000_000L, receiptTs);
        into.sequence(seq, seq, -1);
    }

    private static boolean isPong(byte[] b, int from, int end) {
        while (end > from && (b[end - 1] == ' ' || b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == '\t')) {
            end--;
        }
        if (end - from != PONG.length) {
            return false;
        }
        for (int i = 0; i < PONG.length; i++) {
            if (b[from + i] != PONG[i]) {
                return false;
            }
        }
        return true;
    }
}
