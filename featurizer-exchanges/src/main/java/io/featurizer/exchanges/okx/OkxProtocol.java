package io.featurizer.exchanges.okx;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueProtocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OKX v5 public market data (spot and derivatives alike, by {@code instId}) over
 * {@code wss://ws.okx.com:8443/ws/v5/public}.
 *
 * <ul>
 *   <li>{@code l2_book} is the {@code books} channel: 400 levels, a full snapshot on subscribing,
 *       then updates chained by {@code seqId}/{@code prevSeqId} ({@link OkxBookSync}), each with a
 *       CRC32 checksum of the top 25 levels ({@link #checksum}). Snapshots come over the WebSocket, so
 *       there is no REST snapshot path; a resync unsubscribes and subscribes the book again.</li>
 *   <li>{@code trades} is {@code trades} (one push per taker order and price; {@code side} is the taker's).</li>
 *   <li>{@code ticker} is {@code tickers} (best bid/ask and sizes, plus 24 h statistics not used).</li>
 *   <li>{@code derivative_ticker} merges {@code funding-rate}, {@code open-interest}, {@code mark-price} and the
 *       instrument's {@code index-tickers}; {@code liquidations} is {@code liquidation-orders} of its instrument
 *       type ({@link OkxDerivatives}).</li>
 *   <li>Keep-alive: the text {@code ping}, answered by {@code pong}; OKX drops a connection after 30 s
 *       without traffic, so it is sent every 25 s.</li>
 * </ul>
 * Symbols are OKX instrument ids already ({@code BTC-USDT}, {@code BTC-USDT-SWAP}); {@link #venueSymbol}
 * only upper-cases them and turns {@code /} into {@code -}.
 *
 * <p>Thread safety: instances are immutable except for {@link #checksum}, which uses one
 * {@link OkxChecksum} per calling thread.
 */
public final class OkxProtocol implements VenueProtocol {
    public static final String EXCHANGE = "OKX";
    public static final URI DEFAULT_WS = URI.create("wss://ws.okx.com:8443/ws/v5/public");
    static final String BOOKS = "books", BOOKS5 = "books5", BBO_TBT = "bbo-tbt", BOOKS_L2_TBT = "books-l2-tbt",
            TRADES = "trades", TICKERS = "tickers";
    /** The order book channels a data source's {@code channel} param may name; the first is the default. */
    public static final List<String> BOOK_CHANNELS = List.of(BOOKS, BOOKS5, BBO_TBT, BOOKS_L2_TBT);

    private static final ThreadLocal<OkxChecksum> CHECKSUM = ThreadLocal.withInitial(OkxChecksum::new);

    private final String bookChannel;

    /** The {@code books} channel (400 levels, snapshot then updates). */
    public OkxProtocol() {
        this(BOOKS);
    }

    /**
     * @param bookChannel {@code books} (400 levels, snapshot then checksummed updates), {@code books5} (a full
     *                    5-level snapshot in every push), {@code bbo-tbt} (the best level, a snapshot in every push)
     *                    or {@code books-l2-tbt} (as {@code books}, tick by tick; OKX serves it to logged-in VIP
     *                    accounts only, so a public connection is refused with OKX's reason)
     */
    public OkxProtocol(String bookChannel) {
        if (!BOOK_CHANNELS.contains(bookChannel)) {
            throw new IllegalArgumentException("OKX has no order book channel '" + bookChannel + "'; channel must be one of "
                    + BOOK_CHANNELS + " (default books)");
        }
        this.bookChannel = bookChannel;
    }

    /** The order book channel this protocol subscribes. */
    public String bookChannel() {
        return bookChannel;
    }

    /** Levels per side a book channel carries. */
    public static int channelDepth(String bookChannel) {
        return switch (bookChannel) {
            case BOOKS5 -> 5;
            case BBO_TBT -> 1;
            default -> 400;
        };
    }

    /** True for the book channels whose every push is a whole snapshot without {@code action} (books5, bbo-tbt). */
    static boolean snapshotsOnly(String bookChannel) {
        return bookChannel.equals(BOOKS5) || bookChannel.equals(BBO_TBT);
    }

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public URI defaultWebSocketUri() {
        return DEFAULT_WS;
    }

    /** Null: OKX sends book snapshots over the WebSocket. */
    @Override
    public URI defaultRestUri() {
        return null;
    }

    @Override
    public String venueSymbol(String symbol) {
        return symbol.toUpperCase(Locale.ROOT).replace('/', '-');
    }

    /** The OKX channel this protocol subscribes for a normalized channel. */
    public String channelName(Channel channel) {
        return switch (channel) {
            case L2_BOOK -> bookChannel;
            case TRADES -> TRADES;
            case TICKER -> TICKERS;
            case DERIVATIVE_TICKER, LIQUIDATIONS -> throw new IllegalArgumentException("OKX: " + channel.sourceName()
                    + " is several OKX channels (see OkxDerivatives), not one");
        };
    }

    /** The normalized channel of an OKX channel name, or null. */
    static Channel channelOf(String name) {
        return switch (name) {
            case BOOKS, BOOKS5, BBO_TBT, BOOKS_L2_TBT -> Channel.L2_BOOK;
            case TRADES -> Channel.TRADES;
            case TICKERS -> Channel.TICKER;
            default -> null;
        };
    }

    /** One {@code subscribe} request for all subscriptions (empty list for none). */
    @Override
    public List<String> subscribeFrames(List<Subscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return List.of();
        }
        return List.of(request("subscribe", subscriptions));
    }

    /** Unsubscribe and subscribe {@code books} again: OKX answers the subscription with a fresh snapshot. */
    @Override
    public List<String> resnapshotFrames(Subscription book) {
        List<Subscription> one = List.of(book);
        return List.of(request("unsubscribe", one), request("subscribe", one));
    }

    private String request(String op, List<Subscription> subscriptions) {
        StringBuilder sb = new StringBuilder(32 + 48 * subscriptions.size());
        sb.append("{\"op\":\"").append(op).append("\",\"args\":[");
        java.util.Set<String> args = new java.util.LinkedHashSet<>();
        for (Subscription s : subscriptions) {
            if (s.channel().isDerivatives()) {
                args.addAll(OkxDerivatives.args(s, venueSymbol(s.symbol())));
            } else {
                args.add("{\"channel\":\"" + channelName(s.channel()) + "\",\"instId\":\"" + venueSymbol(s.symbol()) + "\"}");
            }
        }
        return sb.append(String.join(",", args)).append("]}").toString();
    }

    @Override
    public FrameDecoder newDecoder(List<Subscription> subscriptions) {
        return new OkxDecoder(new ArrayList<>(subscriptions), this::venueSymbol, this::channelName);
    }

    /** Null: no REST snapshot (see {@link #defaultRestUri()}). */
    @Override
    public String restSnapshotPath(String symbol) {
        return null;
    }

    /**
     * Reads an OKX REST {@code GET /api/v5/market/books} body. Not needed while snapshots come over the
     * WebSocket ({@link #restSnapshotPath} is null); kept for OKX's announced removal of the WebSocket
     * snapshot, after which the book must start from REST.
     */
    @Override
    public void decodeRestSnapshot(byte[] body, String symbol, long receiptTs, BookUpdate into) throws MalformedFrameException {
        new OkxDecoder(List.of(), this::venueSymbol, this::channelName).decodeRestBook(body, receiptTs, into);
    }

    @Override
    public BookSync newBookSync() {
        return new OkxBookSync();
    }

    /** True for the incremental book channels (books, books-l2-tbt); books5 and bbo-tbt carry no checksum. */
    @Override
    public boolean hasChecksum() {
        return !snapshotsOnly(bookChannel);
    }

    /**
     * OKX's CRC32 of the book's best 25 levels per side, as a signed int (see {@link OkxChecksum}).
     * Prices and sizes are written back from doubles as the shortest decimal that round-trips, which is
     * the venue's own string when it sends canonical decimals; the decoder holds back checksums it
     * cannot reproduce ({@link OkxDecoder}).
     */
    @Override
    public long checksum(OrderBook book) {
        return CHECKSUM.get().of(book);
    }

    @Override
    public String pingFrame() {
        return "ping";
    }

    @Override
    public long pingIntervalMillis() {
        return 25_000;
    }
}
