package io.featurizer.exchanges.binance;

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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Binance public market data, spot ({@code BINANCE}) or USD-M futures ({@code BINANCE_FUTURES}).
 *
 * <ul>
 *   <li>WebSocket: the combined-stream endpoint ({@code /stream}); streams are subscribed with
 *       {@code {"method":"SUBSCRIBE","params":["btcusdt@depth@100ms",...],"id":1}} and arrive wrapped
 *       as {@code {"stream":..,"data":..}}. Stream names use the lowercase symbol:
 *       {@link Channel#L2_BOOK} {@code <sym>@depth@100ms}, {@link Channel#TRADES} {@code <sym>@trade}
 *       (spot) or {@code <sym>@aggTrade} (futures, the trade stream USD-M documents),
 *       {@link Channel#TICKER} {@code <sym>@bookTicker}; USD-M only: {@link Channel#DERIVATIVE_TICKER}
 *       {@code <sym>@markPrice@1s}, {@link Channel#LIQUIDATIONS} {@code <sym>@forceOrder}. Open interest is
 *       REST-only on Binance: polled every 10 s ({@link #restOpenInterestPath}) and carried by the following tickers.</li>
 *   <li>Book: the WebSocket carries deltas only; the snapshot comes from REST
 *       ({@code /api/v3/depth} or {@code /fapi/v1/depth}, 1000 levels) and deltas are placed on it
 *       by the venue's update-id rules ({@link BinanceSpotBookSync}, {@link BinanceFuturesBookSync}).
 *       So {@link #resnapshotFrames} is empty.</li>
 *   <li>Symbols: {@code BTC-USDT} is {@code BTCUSDT}.</li>
 *   <li>Keep-alive: the server pings with WebSocket ping frames; there is no application ping.</li>
 * </ul>
 */
public final class BinanceProtocol implements VenueProtocol {
    public static final String SPOT_EXCHANGE = "BINANCE";
    public static final String FUTURES_EXCHANGE = "BINANCE_FUTURES";
    /** Levels asked of the REST depth snapshot (valid on both markets). */
    public static final int SNAPSHOT_LIMIT = 1000;
    /** Streams per SUBSCRIBE frame; Binance allows 1024 streams per connection. */
    static final int STREAMS_PER_FRAME = 200;

    /** Which Binance market. */
    public enum Market {
        SPOT(SPOT_EXCHANGE, "wss://stream.binance.com:9443/stream", "https://api.binance.com", "/api/v3/depth", "trade"),
        USDM_FUTURES(FUTURES_EXCHANGE, "wss://fstream.binance.com/stream", "https://fapi.binance.com", "/fapi/v1/depth", "aggTrade");

        private final String exchange;
        private final URI webSocket;
        private final URI rest;
        private final String depthPath;
        private final String tradeStream;

        Market(String exchange, String webSocket, String rest, String depthPath, String tradeStream) {
            this.exchange = exchange;
            this.webSocket = URI.create(webSocket);
            this.rest = URI.create(rest);
            this.depthPath = depthPath;
            this.tradeStream = tradeStream;
        }

        public boolean isFutures() {
            return this == USDM_FUTURES;
        }
    }

    /** The diff-depth streams a data source's {@code channel} may name: 100 ms updates (the default) or 1000 ms. */
    public static final List<String> DEPTH_STREAMS = List.of("depth@100ms", "depth");

    private final Market market;
    private final String depthStream;

    public BinanceProtocol(Market market) {
        this(market, DEPTH_STREAMS.get(0));
    }

    /** @param depthStream {@code depth@100ms} or {@code depth} (one update a second) */
    public BinanceProtocol(Market market, String depthStream) {
        if (!DEPTH_STREAMS.contains(depthStream)) {
            throw new IllegalArgumentException("Binance has no diff-depth stream '" + depthStream + "'; channel must be one of "
                    + DEPTH_STREAMS + " (default depth@100ms)");
        }
        this.market = market;
        this.depthStream = depthStream;
    }

    /** This market with another diff-depth stream. */
    public BinanceProtocol withDepthStream(String stream) {
        return new BinanceProtocol(market, stream);
    }

    public String depthStream() {
        return depthStream;
    }

    public static BinanceProtocol spot() {
        return new BinanceProtocol(Market.SPOT);
    }

    public static BinanceProtocol futures() {
        return new BinanceProtocol(Market.USDM_FUTURES);
    }

    /**
     * The protocol for a config's {@code instrument_type} under {@code exchange: BINANCE}: {@code spot},
     * or USD-M futures for {@code perpetual} (also {@code perp}, {@code swap}, {@code linear},
     * {@code futures}, {@code future}, {@code usdm}). For the venue registry:
     * {@code register("BINANCE", BinanceProtocol::forInstrumentType)} and
     * {@code register("BINANCE_FUTURES", type -> BinanceProtocol.futures())}.
     */
    public static BinanceProtocol forInstrumentType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "spot" -> spot();
            case "perpetual", "perp", "swap", "linear", "futures", "future", "usdm" -> futures();
            default -> throw new IllegalArgumentException("Binance has no public stream for instrument_type '" + type
                    + "'; expected spot or perpetual (USD-M futures)");
        };
    }

    public Market market() {
        return market;
    }

    @Override
    public String exchange() {
        return market.exchange;
    }

    @Override
    public URI defaultWebSocketUri() {
        return market.webSocket;
    }

    @Override
    public URI defaultRestUri() {
        return market.rest;
    }

    @Override
    public String venueSymbol(String symbol) {
        return toVenueSymbol(symbol);
    }

    /**
     * {@code BTC-USDT} (also {@code btc/usdt}, {@code BTC_USDT}, {@code BTCUSDT}) to {@code BTCUSDT}.
     * Rejects anything but letters and digits, so a symbol can't inject into a URL or a path.
     */
    public static String toVenueSymbol(String symbol) {
        StringBuilder sb = new StringBuilder(symbol.length());
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (c == '-' || c == '/' || c == '_') {
                continue;
            }
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            } else if (c >= 'a' && c <= 'z') {
                sb.append((char) (c - 'a' + 'A'));
            } else {
                throw new IllegalArgumentException("symbol '" + symbol + "' is not a Binance symbol; expected letters and digits like BTC-USDT");
            }
        }
        if (sb.length() == 0) {
            throw new IllegalArgumentException("empty symbol; expected e.g. BTC-USDT");
        }
        return sb.toString();
    }

    /** The stream name of a subscription, e.g. {@code btcusdt@depth@100ms}. */
    public String streamName(Subscription subscription) {
        String sym = toVenueSymbol(subscription.symbol()).toLowerCase(Locale.ROOT);
        return switch (subscription.channel()) {
            case L2_BOOK -> sym + "@" + depthStream;
            case TRADES -> sym + "@" + market.tradeStream;
            case TICKER -> sym + "@bookTicker";
            case DERIVATIVE_TICKER -> derivativesStream(sym, "@markPrice@1s");
            case LIQUIDATIONS -> derivativesStream(sym, "@forceOrder");
        };
    }

    /** A USD-M derivatives stream: mark price, funding and index every second, or liquidation orders. */
    private String derivativesStream(String sym, String stream) {
        if (!market.isFutures()) {
            throw new IllegalArgumentException("BINANCE spot has no derivatives data; use exchange BINANCE_FUTURES");
        }
        return sym + stream;
    }

    @Override
    public List<String> subscribeFrames(List<Subscription> subscriptions) {
        Set<String> streams = new LinkedHashSet<>();
        for (Subscription s : subscriptions) {
            streams.add(streamName(s));
        }
        List<String> frames = new ArrayList<>();
        List<String> batch = new ArrayList<>(STREAMS_PER_FRAME);
        int id = 1;
        for (String stream : streams) {
            batch.add(stream);
            if (batch.size() == STREAMS_PER_FRAME) {
                frames.add(subscribeFrame(batch, id++));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            frames.add(subscribeFrame(batch, id));
        }
        return frames;
    }

    static String subscribeFrame(Collection<String> streams, long id) {
        StringBuilder sb = new StringBuilder(32 + 24 * streams.size()).append("{\"method\":\"SUBSCRIBE\",\"params\":[");
        boolean first = true;
        for (String s : streams) {
            sb.append(first ? "\"" : ",\"").append(s).append('"');
            first = false;
        }
        return sb.append("],\"id\":").append(id).append('}').toString();
    }

    /** Empty: Binance's WebSocket never sends a book snapshot; it comes from {@link #restSnapshotPath}. */
    @Override
    public List<String> resnapshotFrames(Subscription book) {
        return List.of();
    }

    @Override
    public FrameDecoder newDecoder(List<Subscription> subscriptions) {
        return new BinanceDecoder(market.isFutures(), subscriptions);
    }

    @Override
    public String restSnapshotPath(String symbol) {
        return market.depthPath + "?symbol=" + toVenueSymbol(symbol) + "&limit=" + SNAPSHOT_LIMIT;
    }

    private static long longField(JsonCursor json, String name) throws MalformedFrameException {
        int c = json.peek();
        if (c != '-' && (c < '0' || c > '9')) {
            throw new MalformedFrameException("'" + name + "' must be an integer");
        }
        return json.readLong();
    }

    /**
     * Reads {@code {"lastUpdateId":..,"bids":[[p,q],..],"asks":[[p,q],..]}} (futures adds {@code E} and
     * {@code T}) into a snapshot with sequence ({@code lastUpdateId}, {@code lastUpdateId}, -1).
     * {@code ts} is {@code E} when present, else the receipt time. A Binance error body
     * ({@code {"code":-1121,"msg":"Invalid symbol."}}) is reported as such.
     */
    @Override
    public void decodeRestSnapshot(byte[] body, String symbol, long receiptTs, BookUpdate into) throws MalformedFrameException {
        JsonCursor json = new JsonCursor().reset(body, 0, body.length);
        long lastUpdateId = Long.MIN_VALUE;
        long eventTime = Long.MIN_VALUE;
        boolean bids = false;
        boolean asks = false;
        Long code = null;
        String msg = null;
        into.reset(receiptTs, receiptTs, true);
        try {
            json.beginObject();
            while (json.nextField()) {
                String name = json.keyEscaped() ? "" : json.key();
                switch (name) {
                    case "lastUpdateId" -> lastUpdateId = longField(json, name);
                    case "E" -> eventTime = longField(json, name);
                    case "bids", "asks" -> {
                        if (json.peek() != '[') {
                            throw new MalformedFrameException("'" + name + "' must be an array of [price, quantity]");
                        }
                        json.beginArray();
                        boolean isBids = name.equals("bids");
                        BinanceDecoder.readLevels(json, into, isBids);
                        if (isBids) {
                            bids = true;
                        } else {
                            asks = true;
                        }
                    }
                    case "code" -> {
                        int c = json.peek();
                        if (c == '-' || (c >= '0' && c <= '9')) {
                            code = json.readLong();
                        } else {
                            json.skipValue();
                        }
                    }
                    case "msg" -> {
                        if (json.peek() == '"') {
                            json.readString();
                            msg = json.text();
                        } else {
                            json.skipValue();
                        }
                    }
                    default -> json.skipValue();
                }
            }
            json.expectEnd();
        } catch (MalformedFrameException e) {
            throw new MalformedFrameException(exchange() + " depth snapshot for " + symbol + ": " + e.getMessage() + "; body: "
                    + BinanceDecoder.excerpt(body, 0, body.length), e);
        }
        if (code != null || msg != null) {
            throw new MalformedFrameException(exchange() + " depth snapshot for " + symbol + ": the venue answered error "
                    + code + ": " + msg);
        }
        if (lastUpdateId == Long.MIN_VALUE || !bids || !asks) {
            throw new MalformedFrameException(exchange() + " depth snapshot for " + symbol + ": expected 'lastUpdateId', 'bids' and "
                    + "'asks'; body: " + BinanceDecoder.excerpt(body, 0, body.length));
        }
        into.setTimes(eventTime == Long.MIN_VALUE ? receiptTs : eventTime * 1_000_000L, receiptTs);
        into.sequence(lastUpdateId, lastUpdateId, -1);
    }

    /** USD-M {@code /fapi/v1/openInterest} (weight 1): the stream has no open interest. Null on spot. */
    @Override
    public String restOpenInterestPath(String symbol) {
        return market.isFutures() ? "/fapi/v1/openInterest?symbol=" + toVenueSymbol(symbol) : null;
    }

    /** Reads {@code {"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}}. */
    @Override
    public void decodeOpenInterest(byte[] body, io.featurizer.core.event.DerivativeTicker into) throws MalformedFrameException {
        JsonCursor json = new JsonCursor().reset(body, 0, body.length);
        double openInterest = Double.NaN;
        try {
            json.beginObject();
            while (json.nextField()) {
                if (!json.keyEscaped() && json.key().equals("openInterest")) {
                    openInterest = json.readDecimal();
                } else {
                    json.skipValue();
                }
            }
        } catch (MalformedFrameException e) {
            throw new MalformedFrameException(exchange() + " open interest: " + e.getMessage() + "; body: "
                    + BinanceDecoder.excerpt(body, 0, body.length), e);
        }
        if (Double.isNaN(openInterest)) {
            throw new MalformedFrameException(exchange() + " open interest without 'openInterest'; body: " + BinanceDecoder.excerpt(body, 0, body.length));
        }
        into.openInterest(openInterest);
    }

    @Override
    public BookSync newBookSync() {
        return market.isFutures() ? new BinanceFuturesBookSync() : new BinanceSpotBookSync();
    }

    /** The simulator's side for one client connection (see {@link BinanceEncoder}). */
    public BinanceEncoder newEncoder() {
        return new BinanceEncoder(market);
    }

    @Override
    public String toString() {
        return "BinanceProtocol[" + market.exchange + "]";
    }
}
