package io.featurizer.exchanges.coinbase;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.JsonCursor;
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
 * Coinbase Advanced Trade public market data ({@code wss://advanced-trade-ws.coinbase.com}).
 *
 * <ul>
 *   <li>Symbols are Coinbase product ids as configs write them ({@code BTC-USD}), upper-cased.</li>
 *   <li>Subscribing: one {@code {"type":"subscribe","product_ids":[..],"channel":..}} per channel
 *       (the venue takes one channel per message): {@code level2} for {@code l2_book},
 *       {@code market_trades} for {@code trades}, {@code ticker} for {@code ticker}, then
 *       {@code heartbeats} for every product, which keeps the connection open when a product is
 *       quiet (the venue closes channels that send nothing for 60-90 s). Sent unauthenticated (no
 *       JWT): the market-data channels are public.</li>
 *   <li>Book snapshots come over the WebSocket only: {@code level2} starts with a snapshot, and
 *       {@link #resnapshotFrames} renews the subscription (unsubscribe, subscribe) to get a fresh
 *       one. There is no REST snapshot to join the feed with (the REST product book carries no
 *       sequence number).</li>
 *   <li>Sequencing and message mapping: see {@link CoinbaseDecoder} and {@link CoinbaseBookSync}.</li>
 * </ul>
 */
public final class CoinbaseProtocol implements VenueProtocol {
    public static final String EXCHANGE = "COINBASE";
    public static final URI WEBSOCKET_URI = URI.create("wss://advanced-trade-ws.coinbase.com");

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public URI defaultWebSocketUri() {
        return WEBSOCKET_URI;
    }

    /** Null: book snapshots come over the WebSocket. */
    @Override
    public URI defaultRestUri() {
        return null;
    }

    @Override
    public String venueSymbol(String symbol) {
        return productId(symbol);
    }

    static String productId(String symbol) {
        return symbol.trim().toUpperCase(Locale.ROOT);
    }

    /** The venue's subscription channel name for a normalized channel. */
    static String channelName(Channel channel) {
        return switch (channel) {
            case L2_BOOK -> "level2";
            case TRADES -> "market_trades";
            case TICKER -> "ticker";
            case DERIVATIVE_TICKER, LIQUIDATIONS -> throw new IllegalArgumentException("COINBASE has no " + channel.sourceName() + " data");
        };
    }

    @Override
    public List<String> subscribeFrames(List<Subscription> subscriptions) {
        List<String> frames = new ArrayList<>(4);
        Set<String> all = new LinkedHashSet<>();
        for (Channel c : Channel.values()) {
            Set<String> products = new LinkedHashSet<>();
            for (Subscription s : subscriptions) {
                if (s.channel() == c) {
                    products.add(productId(s.symbol()));
                }
            }
            if (!products.isEmpty()) {
                frames.add(request("subscribe", channelName(c), products));
                all.addAll(products);
            }
        }
        if (!all.isEmpty()) {
            frames.add(request("subscribe", "heartbeats", all));
        }
        return frames;
    }

    @Override
    public List<String> resnapshotFrames(Subscription book) {
        Set<String> product = Set.of(productId(book.symbol()));
        return List.of(request("unsubscribe", "level2", product), request("subscribe", "level2", product));
    }

    static String request(String type, String channel, Iterable<String> products) {
        StringBuilder sb = new StringBuilder(96).append("{\"type\":\"").append(type).append("\",\"product_ids\":[");
        boolean first = true;
        for (String p : products) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            CoinbaseEncoder.quote(sb, p);
        }
        return sb.append("],\"channel\":\"").append(channel).append("\"}").toString();
    }

    @Override
    public FrameDecoder newDecoder(List<Subscription> subscriptions) {
        return new CoinbaseDecoder(subscriptions);
    }

    /** Null: no REST snapshot is used (see the class comment). */
    @Override
    public String restSnapshotPath(String symbol) {
        return null;
    }

    /**
     * Reads a REST product book ({@code GET /api/v3/brokerage/market/product_book}: {@code {"pricebook":
     * {"product_id", "bids":[{price,size}], "asks":[..], "time"}}}) into a snapshot with no sequence id
     * (-1), {@code ts} from {@code time}. The connector never needs it (there is no REST snapshot
     * path, and without a sequence id such a book cannot be joined with the feed); it is here for
     * tools that want a one-off book.
     */
    @Override
    public void decodeRestSnapshot(byte[] body, String symbol, long receiptTs, BookUpdate into) throws MalformedFrameException {
        JsonCursor in = new JsonCursor();
        in.reset(body, 0, body.length);
        boolean found = false;
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(PRICEBOOK)) {
                readPricebook(in, symbol, receiptTs, into);
                found = true;
            } else {
                in.skipValue();
            }
        }
        in.expectEnd();
        if (!found) {
            throw new MalformedFrameException("no \"pricebook\" in the Coinbase product book response");
        }
    }

    private static final byte[] PRICEBOOK = "pricebook".getBytes(), BIDS = "bids".getBytes(), ASKS = "asks".getBytes(),
            TIME = "time".getBytes(), PRICE = "price".getBytes(), SIZE = "size".getBytes(), PRODUCT_ID = "product_id".getBytes();

    private static void readPricebook(JsonCursor in, String symbol, long receiptTs, BookUpdate into) throws MalformedFrameException {
        into.reset(receiptTs, receiptTs, true);
        long ts = Long.MIN_VALUE;
        in.beginObject();
        while (in.nextField()) {
            if (in.keyIs(BIDS) || in.keyIs(ASKS)) {
                boolean bids = in.keyIs(BIDS);
                in.beginArray();
                while (in.nextElement()) {
                    double price = Double.NaN;
                    double size = Double.NaN;
                    in.beginObject();
                    while (in.nextField()) {
                        if (in.keyIs(PRICE)) {
                            price = in.readDecimal();
                        } else if (in.keyIs(SIZE)) {
                            size = in.readDecimal();
                        } else {
                            in.skipValue();
                        }
                    }
                    if (Double.isNaN(price) || Double.isNaN(size)) {
                        throw new MalformedFrameException("a product book level needs \"price\" and \"size\"");
                    }
                    if (bids) {
                        into.addBid(price, size);
                    } else {
                        into.addAsk(price, size);
                    }
                }
            } else if (in.keyIs(TIME)) {
                in.readString();
                ts = Rfc3339.parse(in.bytes(), in.stringStart(), in.stringLength());
                if (ts == Rfc3339.INVALID) {
                    throw in.error("'" + in.text() + "' is not an RFC 3339 time");
                }
            } else if (in.keyIs(PRODUCT_ID)) {
                in.readString();
                if (!in.stringIs(JsonCursor.ascii(productId(symbol)))) {
                    throw new MalformedFrameException("product book is for " + in.text() + ", not " + productId(symbol));
                }
            } else {
                in.skipValue();
            }
        }
        into.setTimes(ts == Long.MIN_VALUE ? receiptTs : ts, receiptTs);
        into.sequence(-1, -1, -1);
    }

    @Override
    public BookSync newBookSync() {
        return new CoinbaseBookSync();
    }

    /** Null: Coinbase has no application ping; the heartbeats channel shows the connection is alive. */
    @Override
    public String pingFrame() {
        return null;
    }
}
