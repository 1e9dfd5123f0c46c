package io.featurizer.exchanges.sim;

import com.sun.net.httpserver.HttpServer;
import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.synthetic.SyntheticDerivatives;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueEncoder;
import io.featurizer.exchanges.protocol.VenueProtocol;
import io.featurizer.exchanges.protocol.VenueRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local exchange on loopback speaking one venue's wire format: a WebSocket server and, for venues
 * with REST snapshots, an HTTP server. Each symbol is driven by its own seeded {@link SyntheticMarket}
 * and the simulator keeps the <b>true</b> book, so tests compare a client's book with it after every
 * resynchronisation. Faults ({@link Fault}) are injected on request. Messages are paced to a rate
 * ({@link Pacing}: each at its own time, or in 1 ms batches), or produced one {@link #step} at a time
 * for deterministic tests.
 *
 * <p>All clients share one encoder (one sequence per symbol, as the venue's public stream), and each
 * frame is encoded once for all its subscribers. Where the venue numbers each connection's frames
 * ({@link VenueEncoder#numbersEachConnection()}, Coinbase) a connection gets them renumbered: less the
 * numbers made before it opened and those of frames it was not sent, so its own numbers have holes only
 * where a fault put them.
 */
public final class ExchangeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSimulator.class);

    private final VenueProtocol protocol;
    private final VenueEncoder encoder;
    private final Map<String, SyntheticMarket> markets = new LinkedHashMap<>();
    private final Map<String, SyntheticDerivatives> derivatives = new LinkedHashMap<>();
    private volatile java.util.function.BiConsumer<String, Event> derivativesTap;
    private volatile boolean derivativesSubscribed; // derivatives data is made only once a client asks for it
    private final Map<SimulatedGateway.Session, Set<Subscription>> clients = new ConcurrentHashMap<>();
    // numbersEachConnection venues: per connection, the numbers made that it was not sent (its frames' offset)
    private final Map<SimulatedGateway.Session, long[]> offsets = new ConcurrentHashMap<>();
    private final Set<Fault> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong framesSent = new AtomicLong();
    private final BookUpdate scratch = new BookUpdate();
    private final SimulatedGateway server;
    private final HttpServer http;
    private final long seed; // also seeds the send times under Pacing.POISSON
    private volatile long stallUntilNanos;
    private String heldFrame; // REORDER: the frame waiting to be sent after the next one
    private Thread pacer;
    private volatile boolean running;

    /**
     * @param protocol  the venue (its symbol mapping and REST paths)
     * @param encoder   the venue's simulator side
     * @param symbols   normalized symbols to simulate, each with its own market seed
     * @param config    market settings (rates are per symbol; the seed is offset per symbol)
     */
    public ExchangeSimulator(VenueProtocol protocol, VenueEncoder encoder, List<String> symbols, SyntheticMarket.Config config) {
        this.protocol = protocol;
        this.encoder = encoder;
        this.seed = config.seed();
        encoder.listSymbols(symbols);
        for (int i = 0; i < symbols.size(); i++) {
            SyntheticMarket.Config c = new SyntheticMarket.Config(config.seed() + i, config.startNanos(), config.bookUpdatesPerSecond(),
                    config.tradesPerSecond(), config.tickersPerSecond(), config.snapshotEveryNanos(), config.levels(), config.tickSize(),
                    config.startPrice() * (1 + i), config.moveProbability());
            SyntheticMarket m = new SyntheticMarket(c);
            while (m.next() != SyntheticMarket.Channel.L2_BOOK) {
                // the first book message is the full book: the simulator starts from it
            }
            markets.put(symbols.get(i), m);
            derivatives.put(symbols.get(i), new SyntheticDerivatives(c.seed()));
        }
        this.server = new SimulatedGateway(new Gateway());
        try {
            this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the simulator's HTTP port", e);
        }
        http.createContext("/", exchange -> {
            restRequestNanos.add(System.nanoTime());
            RestFailure failure = restFailure;
            if (failure != null) {
                byte[] bytes = failure.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                if (failure.retryAfterSeconds() > 0) {
                    exchange.getResponseHeaders().add("Retry-After", Long.toString(failure.retryAfterSeconds()));
                }
                exchange.sendResponseHeaders(failure.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
                return;
            }
            String symbol = symbolOf(exchange.getRequestURI());
            String body;
            synchronized (ExchangeSimulator.this) {
                if (symbol != null && exchange.getRequestURI().getPath().endsWith("/openInterest")) {
                    body = encoder.restOpenInterest(symbol, derivatives.get(symbol).openInterest(), markets.get(symbol).event().ts());
                } else {
                    body = symbol == null ? null : encoder.restSnapshot(symbol, markets.get(symbol).truth(), 1000);
                }
            }
            byte[] bytes = (body == null ? "{\"error\":\"unknown symbol\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 400 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private String symbolOf(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                String value = kv.substring(eq + 1);
                for (String s : markets.keySet()) {
                    if (protocol.venueSymbol(s).equalsIgnoreCase(value)) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Starts the servers; with {@code messagesPerSecond > 0} also a thread producing market events at
     * that total rate, paced as {@link Pacing#fromSystemProperty()} says.
     */
    public ExchangeSimulator start(double messagesPerSecond) {
        return start(messagesPerSecond, Pacing.fromSystemProperty());
    }

    /**
     * Starts the servers and, with {@code messagesPerSecond > 0}, a thread sending market events paced as {@code pacing}:
     * {@code messagesPerSecond} steps a second, each one event of every symbol's market (so that many messages per symbol).
     */
    public ExchangeSimulator start(double messagesPerSecond, Pacing pacing) {
        running = true;
        http.start();
        if (messagesPerSecond > 0) {
            Pacer p = new Pacer(pacing, messagesPerSecond, seed);
            pacer = new Thread(() -> p.run(() -> running, () -> stallUntilNanos, this::step), "exchange-simulator-" + protocol.exchange());
            pacer.setDaemon(true);
            pacer.start();
        }
        return this;
    }

    /**
     * Replays a recorded message file instead of the synthetic market: every line is one frame, sent
     * verbatim and in order to every connected client at {@code messagesPerSecond}, starting once a
     * client is connected and subscribed. The true book is not known in this mode.
     */
    public Thread replay(java.nio.file.Path file, double messagesPerSecond) throws IOException {
        List<String> frames = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        Thread t = new Thread(() -> {
            while (running && clients.values().stream().allMatch(Set::isEmpty)) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
            long interval = (long) (1e9 / messagesPerSecond);
            long next = System.nanoTime();
            for (String frame : frames) {
                if (!running) {
                    return;
                }
                Pacer.awaitUntil(next);
                broadcastRaw(frame);
                framesSent.incrementAndGet();
                next += interval;
            }
        }, "exchange-simulator-replay");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/");
    }

    public URI restUri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    /** Requests a fault; it applies to the next frame it concerns. */
    public void inject(Fault fault) {
        switch (fault) {
            case DISCONNECT -> {
                for (SimulatedGateway.Session c : clients.keySet()) {
                    c.close(1001, "simulated disconnect");
                }
            }
            case GARBAGE -> broadcastRaw("{this is not json");
            case STALL -> stallUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stallMillis);
            default -> pending.add(fault);
        }
    }

    private volatile long stallMillis = 2_000;

    /** How the REST endpoint answers while failing: a status, a Retry-After (s, 0 for none) and the venue's error body. */
    public record RestFailure(int status, long retryAfterSeconds, String body) {
        /** Binance's answer to an internal error. */
        public static RestFailure serverError() {
            return new RestFailure(500, 0, "{\"code\":-1000,\"msg\":\"An unknown error occured while processing the request.\"}");
        }

        /** Binance's answer when the request weight limit is exceeded: 429 with Retry-After. */
        public static RestFailure rateLimited(long retryAfterSeconds) {
            return new RestFailure(429, retryAfterSeconds, "{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP(127.0.0.1) is 6000 "
                    + "requests per minute. Please use the websocket for live updates to avoid polling the API.\"}");
        }
    }

    private volatile RestFailure restFailure;
    private volatile boolean dropOnAccept;
    private final List<Long> restRequestNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> acceptNanos = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** From now on every REST request gets {@code failure} (null: serve snapshots again). */
    public void failRest(RestFailure failure) {
        this.restFailure = failure;
    }

    /** From now on every WebSocket client is closed right after its handshake succeeds, as a venue in trouble does. */
    public void dropOnAccept(boolean drop) {
        this.dropOnAccept = drop;
    }

    /** {@link System#nanoTime()} of every REST request received, in order. */
    public List<Long> restRequestTimes() {
        return List.copyOf(restRequestNanos);
    }

    /** {@link System#nanoTime()} of every WebSocket handshake accepted, in order. */
    public List<Long> acceptTimes() {
        return List.copyOf(acceptNanos);
    }

    public void setStallMillis(long millis) {
        this.stallMillis = millis;
    }

    /** Produces {@code n} market events (round robin over symbols) and sends them to subscribed clients. */
    public synchronized void step(int n) {
        for (int i = 0; i < n; i++) {
            for (Map.Entry<String, SyntheticMarket> e : markets.entrySet()) {
                String symbol = e.getKey();
                SyntheticMarket m = e.getValue();
                SyntheticMarket.Channel ch = m.next();
                switch (ch) {
                    case L2_BOOK -> sendBook(symbol, (BookUpdate) m.event(), m.truth());
                    case TRADES -> send(symbol, Channel.TRADES, encoder.tradeFrame(symbol, (Trade) m.event()));
                    case TICKER -> send(symbol, Channel.TICKER, encoder.tickerFrame(symbol, (Quote) m.event()));
                }
                if (derivativesSubscribed) {
                    sendDerivatives(symbol, m, ch);
                }
            }
        }
    }

    /** The symbol's derivative ticker (once a second of event time) and liquidations (after some trades), where the venue serves them. */
    private void sendDerivatives(String symbol, SyntheticMarket m, SyntheticMarket.Channel ch) {
        SyntheticDerivatives d = derivatives.get(symbol);
        DerivativeTicker t = d.tickerAt(m.event().ts(), m.truth());
        if (t != null) {
            sendDerivative(symbol, Channel.DERIVATIVE_TICKER, t, encoder.derivativeTickerFrames(symbol, t));
        }
        if (ch == SyntheticMarket.Channel.TRADES) {
            Liquidation l = d.afterTrade((Trade) m.event());
            if (l != null) {
                String frame = encoder.liquidationFrame(symbol, l);
                sendDerivative(symbol, Channel.LIQUIDATIONS, l, frame == null ? List.of() : List.of(frame));
            }
        }
    }

    private void sendDerivative(String symbol, Channel channel, Event event, List<String> frames) {
        if (frames.isEmpty()) {
            return; // the venue's simulator serves no derivatives data
        }
        java.util.function.BiConsumer<String, Event> tap = derivativesTap;
        if (tap != null) {
            tap.accept(symbol, event);
        }
        for (String frame : frames) {
            send(symbol, channel, frame);
        }
    }

    /**
     * Called with every derivative ticker and liquidation the simulator sends (symbol, event view), on the
     * simulator's thread; for tests that compare a client's feed with what was sent. Null: none.
     */
    public void tapDerivatives(java.util.function.BiConsumer<String, Event> tap) {
        this.derivativesTap = tap;
    }

    private void sendBook(String symbol, BookUpdate u, OrderBook truth) {
        if (pending.remove(Fault.SEQUENCE_GAP)) {
            encoder.skipSequence(symbol, 5);
        }
        if (pending.remove(Fault.CHECKSUM)) {
            encoder.corruptNextChecksum(symbol);
        }
        String frame = encoder.bookFrame(symbol, u, truth);
        if (pending.remove(Fault.DROP)) {
            return;
        }
        if (pending.remove(Fault.REORDER)) {
            heldFrame = frame;
            return;
        }
        send(symbol, Channel.L2_BOOK, frame);
        if (heldFrame != null) {
            send(symbol, Channel.L2_BOOK, heldFrame);
            heldFrame = null;
        }
        if (pending.remove(Fault.DUPLICATE)) {
            send(symbol, Channel.L2_BOOK, frame);
        }
    }

    private void send(String symbol, Channel channel, String frame) {
        Subscription sub = new Subscription(symbol, channel);
        boolean numbered = encoder.numbersEachConnection();
        for (Map.Entry<SimulatedGateway.Session, Set<Subscription>> c : clients.entrySet()) {
            if (c.getValue().contains(sub) && c.getKey().isOpen()) {
                sendTo(c.getKey(), frame);
                framesSent.incrementAndGet();
            } else if (numbered) {
                offset(c.getKey())[0]++; // a number this connection never sees
            }
        }
    }

    /** Sends a frame to one connection, renumbered for it where the venue numbers each connection's frames. */
    private void sendTo(SimulatedGateway.Session session, String frame) {
        session.send(encoder.numbersEachConnection() ? encoder.renumber(frame, offset(session)[0]) : frame);
    }

    private long[] offset(SimulatedGateway.Session session) {
        return offsets.computeIfAbsent(session, s -> new long[1]);
    }

    private void broadcastRaw(String frame) {
        for (SimulatedGateway.Session c : clients.keySet()) {
            if (c.isOpen()) {
                c.send(frame);
            }
        }
    }

    /** A copy of the true book of a symbol, as of the last event produced. */
    public synchronized OrderBook truth(String symbol) {
        OrderBook copy = new OrderBook();
        copy.apply(bookSnapshot(symbol));
        return copy;
    }

    /** The symbol's whole book as a snapshot, stamped with its market's last event time (a venue's snapshot has its time). */
    private BookUpdate bookSnapshot(String symbol) {
        SyntheticMarket m = markets.get(symbol);
        long ts = m.event().ts();
        return m.truth().writeSnapshot(0, scratch.reset(ts, ts, true));
    }

    public long framesSent() {
        return framesSent.get();
    }

    /** Subscriptions (symbol and channel) held by open clients, summed over clients. */
    public synchronized int subscriptions() {
        int n = 0;
        for (Map.Entry<SimulatedGateway.Session, Set<Subscription>> c : clients.entrySet()) {
            n += c.getKey().isOpen() ? c.getValue().size() : 0;
        }
        return n;
    }

    public int connectedClients() {
        return (int) clients.keySet().stream().filter(SimulatedGateway.Session::isOpen).count();
    }

    @Override
    public void close() {
        running = false;
        if (pacer != null) {
            pacer.interrupt();
        }
        server.close();
        http.stop(0);
    }

    /** The gateway's clients: subscriptions, pings and acknowledgements. */
    private final class Gateway implements SimulatedGateway.Handler {
        @Override
        public void onOpen(SimulatedGateway.Session session) {
            acceptNanos.add(System.nanoTime());
            if (dropOnAccept) {
                session.close(1011, "simulated: accepted then dropped");
                return;
            }
            synchronized (ExchangeSimulator.this) { // numbers are made under this lock (step, onText)
                offsets.put(session, new long[] {encoder.nextSequence()}); // its numbers start at 0
                clients.put(session, ConcurrentHashMap.newKeySet());
            }
        }

        @Override
        public void onClose(SimulatedGateway.Session session) {
            clients.remove(session);
            offsets.remove(session);
        }

        @Override
        public void onText(SimulatedGateway.Session conn, String message) {
            synchronized (ExchangeSimulator.this) { // the encoder's state is shared with step()
                String pong = encoder.pong(message);
                if (pong != null) {
                    conn.send(pong);
                    return;
                }
                List<Subscription> subs;
                try {
                    subs = encoder.parseSubscribe(message);
                } catch (MalformedFrameException e) {
                    LOG.debug("simulator: refused client frame: {}", e.getMessage());
                    String reply = e instanceof VenueRefusal r ? r.reply() : encoder.errorReply(e.getMessage());
                    if (reply != null) {
                        conn.send(reply);
                    }
                    return;
                }
                List<Subscription> listed = new java.util.ArrayList<>(subs.size());
                for (Subscription s : subs) {
                    String refusal = markets.containsKey(s.symbol()) ? null : encoder.unknownSymbolReply(s);
                    if (refusal != null) {
                        conn.send(refusal);
                    } else {
                        listed.add(s);
                    }
                }
                subs = listed;
                if (subs.isEmpty()) {
                    return;
                }
                Set<Subscription> subscribed = clients.get(conn);
                for (Subscription s : subs) {
                    if (markets.containsKey(s.symbol()) && subscribed != null) {
                        subscribed.add(s);
                        derivativesSubscribed |= s.channel().isDerivatives();
                    }
                }
                long before = encoder.nextSequence();
                for (String r : encoder.acknowledge(subs, symbol -> markets.containsKey(symbol) ? bookSnapshot(symbol) : null)) {
                    sendTo(conn, r);
                }
                long made = encoder.nextSequence() - before; // numbers only this connection was sent
                if (made > 0) {
                    offsets.forEach((other, offset) -> {
                        if (other != conn) {
                            offset[0] += made;
                        }
                    });
                }
            }
        }
    }
}
