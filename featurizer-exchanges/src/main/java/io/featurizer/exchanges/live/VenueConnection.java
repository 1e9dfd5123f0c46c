package io.featurizer.exchanges.live;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection to one venue, shared by every subscription on it. Decodes frames with the
 * venue's protocol, keeps each symbol's book in sequence ({@link BookSync}) and in its own
 * {@link OrderBook}, and hands normalized events to the emitter ({@link HandOff} or {@link InlineDelivery}). Never forwards a
 * book it cannot vouch for: a gap, a checksum mismatch or a delta before the snapshot buffers deltas
 * and rebuilds the book from a fresh snapshot (REST or the venue's WebSocket), and downstream gets that
 * snapshot first. Reconnects with backoff and jitter, resubscribes, sends pings, and treats a feed
 * silent for longer than the stale timeout as dead. Garbage frames and subscription errors are
 * logged with the venue and counted, never fatal.
 *
 * <p>The WebSocket is our own {@link VenueWebSocket}: frames are decoded straight from its read buffer.
 *
 * <p>Threads: the WebSocket reader thread decodes; REST snapshots complete on the HTTP client's
 * threads; both take this connection's lock, so book state has one writer at a time.
 */
final class VenueConnection {
    private static final Logger LOG = LoggerFactory.getLogger(VenueConnection.class);
    private static final int MAX_BUFFERED_DELTAS = 100_000;
    private static final long KEEP_ALIVE_MILLIS = 30_000; // WebSocket pings on a silent connection; a dead TCP peer is detected too

    /** The book of one subscribed symbol. */
    private final class SymbolBook {
        final Subscription subscription;
        final BookSync sync;
        final OrderBook book = new OrderBook();
        final ArrayDeque<BookUpdate> buffer = new ArrayDeque<>();
        boolean synced;
        boolean snapshotPending;
        boolean forwardSnapshot; // downstream missed an event: send it our book as a snapshot next
        boolean justApplied; // the last book message was applied: its checksum describes our book
        long lastChecksumFailure;

        SymbolBook(Subscription subscription) {
            this.subscription = subscription;
            this.sync = protocol.newBookSync();
        }
    }

    private final VenueProtocol protocol;
    private final URI webSocketUri;
    private final URI restUri;
    private final List<Subscription> subscriptions;
    private final Map<Subscription, int[]> targets;
    private final Map<String, SymbolBook> books = new HashMap<>();
    private final EventPath events;
    private final ScheduledExecutorService scheduler;
    private final long staleTimeoutNanos;
    private final HttpClient http;
    private final FeedStats stats;
    private final Sink sink = new Sink();
    private final BookUpdate scratchSnapshot = new BookUpdate();
    private final OpenInterestPoller openInterest; // null unless the venue's open interest is REST only

    private volatile boolean running;
    private volatile long lastFrameNanos; // Clock.nowNanos() of the last frame's receipt
    private volatile VenueWebSocket client;
    private FrameDecoder decoder;
    private final Backoff connectBackoff;
    private final Backoff restBackoff;
    private long epoch; // increments on each connect; stale REST responses are ignored

    VenueConnection(VenueProtocol protocol, URI webSocketUri, URI restUri, Map<Subscription, int[]> targets, EventPath events,
                    ScheduledExecutorService scheduler, ReconnectPolicy reconnectPolicy, long staleTimeoutMillis) {
        this.protocol = protocol;
        this.webSocketUri = webSocketUri;
        this.restUri = restUri;
        this.targets = targets;
        this.subscriptions = List.copyOf(targets.keySet());
        this.events = events;
        this.scheduler = scheduler;
        this.connectBackoff = new Backoff(reconnectPolicy);
        this.restBackoff = new Backoff(reconnectPolicy);
        this.staleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(staleTimeoutMillis);
        this.stats = new FeedStats(staleTimeoutNanos);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (Subscription s : subscriptions) {
            if (s.channel() == Channel.L2_BOOK) {
                books.put(s.symbol(), new SymbolBook(s));
            }
        }
        stats.books = books.size();
        List<String> polled = subscriptions.stream().filter(s -> s.channel() == Channel.DERIVATIVE_TICKER)
                .filter(s -> protocol.restOpenInterestPath(s.symbol()) != null).map(Subscription::symbol).toList();
        this.openInterest = polled.isEmpty() ? null : new OpenInterestPoller(protocol, restUri, http, scheduler, stats, polled);
    }

    FeedStats stats() {
        return stats;
    }

    /**
     * What the venue said when it refused every subscription of this connection: it refused at least one and
     * no market data came in the {@code graceMillis} after the last refusal. Null while the feed is fine.
     */
    String refusal(long graceMillis) {
        String message = stats.lastSubscriptionError;
        if (message == null || stats.events.get() > 0) {
            return null;
        }
        return Clock.nowNanos() - stats.lastSubscriptionErrorNanos >= TimeUnit.MILLISECONDS.toNanos(graceMillis) ? message : null;
    }

    /** The connection's current book of a symbol (for tests comparing with the simulator's truth). */
    synchronized OrderBook book(String symbol) {
        SymbolBook b = books.get(symbol);
        return b == null ? null : b.book;
    }

    synchronized boolean isSynced(String symbol) {
        SymbolBook b = books.get(symbol);
        return b != null && b.synced;
    }

    void start() {
        running = true;
        connect();
        long checkEvery = Math.max(50, TimeUnit.NANOSECONDS.toMillis(staleTimeoutNanos) / 4);
        scheduler.scheduleWithFixedDelay(this::checkStale, checkEvery, checkEvery, TimeUnit.MILLISECONDS);
        if (protocol.pingFrame() != null) {
            scheduler.scheduleWithFixedDelay(this::ping, protocol.pingIntervalMillis(), protocol.pingIntervalMillis(), TimeUnit.MILLISECONDS);
        }
        if (openInterest != null) {
            openInterest.start();
        }
    }

    void stop() {
        running = false;
        stats.connected = false;
        if (openInterest != null) {
            openInterest.stop();
        }
        VenueWebSocket c = client;
        if (c != null) {
            c.close();
            try {
                if (!c.awaitClosed(1_000)) {
                    c.abort("no close reply on stop");
                }
            } catch (InterruptedException e) {
                c.abort("interrupted while stopping");
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void connect() {
        if (!running) {
            return;
        }
        epoch++;
        stats.connected = false;
        stats.connectAttempts.incrementAndGet();
        decoder = protocol.newDecoder(subscriptions);
        for (SymbolBook b : books.values()) {
            resetBook(b);
        }
        lastFrameNanos = Clock.nowNanos();
        Client listener = new Client();
        VenueWebSocket c = new VenueWebSocket(webSocketUri, listener, scheduler, KEEP_ALIVE_MILLIS, "featurizer-live-" + protocol.exchange());
        listener.socket = c;
        client = c;
        c.connect();
    }

    private synchronized void scheduleReconnect() {
        if (!running) {
            return;
        }
        long now = Clock.nowNanos();
        if (!connectBackoff.healthy(now)) {
            stats.connectFailures.incrementAndGet(); // refused, or lost before it was healthy
        }
        long delay = connectBackoff.onFailure(now, 0);
        LOG.info("{}: reconnecting in {} ms (attempt {})", protocol.exchange(), delay, connectBackoff.failures() + 1);
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void checkStale() {
        VenueWebSocket c = client;
        if (running && c != null && c.isOpen() && Clock.nowNanos() - lastFrameNanos > staleTimeoutNanos) {
            stats.staleFeeds.incrementAndGet();
            LOG.warn("{}: no data for {} ms, reconnecting", protocol.exchange(), TimeUnit.NANOSECONDS.toMillis(staleTimeoutNanos));
            c.close();
        }
    }

    private void ping() {
        VenueWebSocket c = client;
        if (running && c != null && c.isOpen()) {
            c.send(protocol.pingFrame());
        }
    }

    /** The callbacks of one connection attempt; a replaced attempt's calls are ignored. */
    private final class Client implements VenueWebSocket.Listener {
        private VenueWebSocket socket; // set before the socket's reader starts

        @Override
        public void onOpen(VenueWebSocket ws) {
            if (client != ws) {
                ws.close();
                return;
            }
            stats.connects.incrementAndGet();
            stats.connected = true;
            lastFrameNanos = Clock.nowNanos();
            synchronized (VenueConnection.this) {
                connectBackoff.onUp(lastFrameNanos); // forgiven only once it has stayed up for the healthy period
            }
            for (String frame : protocol.subscribeFrames(subscriptions)) {
                ws.send(frame);
            }
            // REST snapshots are fetched once each symbol's first delta is buffered (see onBook): only
            // then is the stream known to be live, so no delta can fall between snapshot and stream.
        }

        @Override
        public void onFrame(byte[] buf, int off, int len, long receiptTs) {
            if (client != socket) {
                return; // a replaced connection's last frames: the new connection's books start afresh
            }
            lastFrameNanos = receiptTs;
            stats.lastFrameNanos = receiptTs;
            VenueConnection.this.onFrame(buf, off, len, receiptTs);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            stats.disconnects.incrementAndGet();
            if (client == socket) {
                stats.connected = false;
            }
            if (!running) {
                return; // our own stop
            }
            LOG.warn("{}: connection closed {} ({} {})", protocol.exchange(), remote ? "by the venue" : "here", code, reason);
            if (client == socket) {
                scheduleReconnect();
            }
        }
    }

    synchronized void onFrame(byte[] bytes, int offset, int length, long receiptTs) {
        stats.frames.incrementAndGet();
        try {
            decoder.decode(bytes, offset, length, receiptTs, sink);
        } catch (MalformedFrameException e) {
            long n = stats.garbageFrames.incrementAndGet();
            if (n <= 10 || Long.bitCount(n) == 1) { // log the first few, then at powers of two
                LOG.warn("{}: unreadable frame #{} ({}): {}", protocol.exchange(), n, e.getMessage(), preview(bytes, offset, length));
            }
        }
    }

    private static String preview(byte[] bytes, int offset, int length) {
        String s = new String(bytes, offset, Math.min(length, 200), StandardCharsets.UTF_8);
        return length > 200 ? s + "..." : s;
    }

    private final class Sink implements FrameSink {
        @Override
        public void onEvent(Subscription subscription, Event event) {
            if (event instanceof BookUpdate u) {
                onBook(subscription, u);
            } else {
                if (openInterest != null && event instanceof DerivativeTicker t) {
                    openInterest.fill(subscription.symbol(), t);
                }
                forward(subscription, event);
            }
        }

        @Override
        public void onChecksum(Subscription subscription, long checksum) {
            SymbolBook b = books.get(subscription.symbol());
            if (b == null || !b.synced || !protocol.hasChecksum() || !b.justApplied) {
                return; // a skipped (stale, duplicate) or buffered message's checksum is not about our book
            }
            b.justApplied = false;
            long mine = protocol.checksum(b.book);
            if (mine != checksum) {
                stats.checksumMismatches.incrementAndGet();
                LOG.warn("{}: {} book checksum mismatch (venue {}, ours {}): resynchronising", protocol.exchange(), subscription, checksum, mine);
                resync(b);
            }
        }

        @Override
        public void onSubscriptionError(String message) {
            stats.subscriptionErrors.incrementAndGet();
            stats.lastSubscriptionError = message;
            stats.lastSubscriptionErrorNanos = Clock.nowNanos();
            LOG.error("{}: subscription refused: {}", protocol.exchange(), message);
        }
    }

    private void onBook(Subscription sub, BookUpdate u) {
        SymbolBook b = books.get(sub.symbol());
        if (b == null) {
            return;
        }
        b.justApplied = false;
        if (u.isSnapshot()) {
            acceptSnapshot(b, u);
            return;
        }
        if (!b.synced) {
            buffer(b, u);
            if (protocol.restSnapshotPath(b.subscription.symbol()) != null) {
                requestRestSnapshot(b, epoch); // no-op while one is in flight
            }
            return;
        }
        switch (b.sync.check(u)) {
            case APPLY -> {
                b.book.apply(u);
                b.justApplied = true;
                forwardBook(b, u);
            }
            case SKIP -> {
            }
            case BUFFER -> buffer(b, u);
            case RESYNC -> {
                LOG.warn("{}: {} sequence gap at update {}..{} (prev {}): resynchronising", protocol.exchange(), sub,
                        u.firstSeq(), u.lastSeq(), u.prevSeq());
                stats.gaps.incrementAndGet();
                resync(b);
                buffer(b, u);
            }
        }
    }

    private void buffer(SymbolBook b, BookUpdate u) {
        if (b.buffer.size() >= MAX_BUFFERED_DELTAS) {
            b.buffer.pollFirst();
        }
        b.buffer.addLast(u.copy());
    }

    /** A snapshot (from the WebSocket or REST): the book restarts from it, then buffered deltas are replayed through the rules. */
    private void acceptSnapshot(SymbolBook b, BookUpdate snapshot) {
        stampUntimedSnapshot(b, snapshot);
        b.sync.reset();
        b.sync.onSnapshot(snapshot);
        b.book.apply(snapshot);
        setSynced(b, true);
        b.snapshotPending = false;
        forwardBook(b, snapshot);
        b.justApplied = b.buffer.isEmpty(); // replayed deltas below carry no checksum of their own
        ArrayDeque<BookUpdate> pending = new ArrayDeque<>(b.buffer);
        b.buffer.clear();
        for (BookUpdate d : pending) {
            if (!b.synced) {
                b.buffer.addLast(d);
                continue;
            }
            switch (b.sync.check(d)) {
                case APPLY -> {
                    b.book.apply(d);
                    // usable only now that the snapshot is here: a receipt time before the snapshot's would put
                    // the delta ahead of the snapshot it applies to when ordered by receipt time
                    d.setTimes(d.ts(), Math.max(d.receiptTs(), snapshot.receiptTs()));
                    forwardBook(b, d);
                }
                case SKIP -> {
                }
                case BUFFER -> b.buffer.addLast(d);
                case RESYNC -> {
                    stats.gaps.incrementAndGet();
                    resync(b);
                    b.buffer.addLast(d);
                }
            }
        }
    }

    /**
     * A REST snapshot without a venue time (Binance spot's has none: its decoder stamps the receipt time) gets
     * the exchange time of the newest buffered delta it covers (sequence at or before its own), else of the
     * first one past it: the time of the book state it shows. Stamped on receipt, it would come after the
     * deltas that follow it in exchange time (a late snapshot by the REST round trip), and years after them
     * against the simulator's market clock, which held event-time features (grids, windows) back for good.
     */
    private static void stampUntimedSnapshot(SymbolBook b, BookUpdate snapshot) {
        if (snapshot.ts() != snapshot.receiptTs() || b.buffer.isEmpty() || snapshot.lastSeq() < 0) {
            return;
        }
        long covered = Long.MIN_VALUE;
        long next = Long.MIN_VALUE;
        for (BookUpdate d : b.buffer) {
            if (d.lastSeq() <= snapshot.lastSeq()) {
                covered = Math.max(covered, d.ts());
            } else if (next == Long.MIN_VALUE) {
                next = d.ts();
            }
        }
        long ts = covered != Long.MIN_VALUE ? covered : next;
        if (ts != Long.MIN_VALUE) {
            snapshot.setTimes(ts, snapshot.receiptTs());
        }
    }

    private void resetBook(SymbolBook b) {
        b.sync.reset();
        setSynced(b, false);
        b.snapshotPending = false;
        b.buffer.clear();
    }

    /** Marks a book in or out of sequence and keeps the count of synced books the stats show (under this connection's lock). */
    private void setSynced(SymbolBook b, boolean synced) {
        if (b.synced != synced) {
            b.synced = synced;
            stats.syncedBooks += synced ? 1 : -1;
        }
    }

    /** The book can't be trusted: forget it and get a fresh snapshot. */
    private void resync(SymbolBook b) {
        stats.resyncs.incrementAndGet();
        resetBook(b);
        if (protocol.restSnapshotPath(b.subscription.symbol()) != null) {
            requestRestSnapshot(b, epoch);
        } else {
            VenueWebSocket c = client;
            if (c != null && c.isOpen()) {
                b.snapshotPending = true;
                for (String frame : protocol.resnapshotFrames(b.subscription)) {
                    c.send(frame);
                }
            }
        }
    }

    private void requestRestSnapshot(SymbolBook b, long connectionEpoch) {
        if (b.snapshotPending) {
            return;
        }
        b.snapshotPending = true;
        String symbol = b.subscription.symbol();
        URI uri = restUri.resolve(protocol.restSnapshotPath(symbol));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        stats.restRequests.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            synchronized (VenueConnection.this) {
                if (connectionEpoch != epoch || !running) {
                    return; // a newer connection asked again
                }
                if (error != null || response.statusCode() != 200) {
                    // snapshotPending stays set until the retry: deltas arriving meanwhile must not ask again
                    stats.restFailures.incrementAndGet();
                    long retryAfter = 0;
                    if (error == null && (response.statusCode() == 429 || response.statusCode() == 418)) {
                        stats.bans.incrementAndGet(); // 429 rate limit, 418 IP ban: wait what the venue says
                        retryAfter = RetryAfter.millis(response.headers().firstValue("Retry-After").orElse(null), System.currentTimeMillis());
                    }
                    long delay = restBackoff.onFailure(Clock.nowNanos(), retryAfter);
                    LOG.warn("{}: snapshot of {} failed ({}), retrying in {} ms", protocol.exchange(), symbol,
                            error != null ? error.toString() : "HTTP " + response.statusCode(), delay);
                    scheduler.schedule(() -> retrySnapshot(b, connectionEpoch), delay, TimeUnit.MILLISECONDS);
                    return;
                }
                BookUpdate snapshot = new BookUpdate();
                try {
                    protocol.decodeRestSnapshot(response.body(), symbol, Clock.nowNanos(), snapshot);
                } catch (MalformedFrameException e) {
                    stats.garbageFrames.incrementAndGet();
                    stats.restFailures.incrementAndGet();
                    long delay = restBackoff.onFailure(Clock.nowNanos(), 0);
                    LOG.warn("{}: unreadable snapshot of {}: {}; retrying in {} ms", protocol.exchange(), symbol, e.getMessage(), delay);
                    scheduler.schedule(() -> retrySnapshot(b, connectionEpoch), delay, TimeUnit.MILLISECONDS);
                    return;
                }
                b.snapshotPending = false;
                restBackoff.onSuccess();
                acceptSnapshot(b, snapshot);
            }
        });
    }

    private synchronized void retrySnapshot(SymbolBook b, long connectionEpoch) {
        if (connectionEpoch == epoch && running && !b.synced) {
            b.snapshotPending = false;
            requestRestSnapshot(b, connectionEpoch);
        }
    }

    private long lastForwardedReceipt = Long.MIN_VALUE; // under this connection's lock

    private void forwardBook(SymbolBook b, BookUpdate u) {
        if (b.forwardSnapshot) {
            // downstream lost a book event earlier: give it the whole book first (ours is right)
            if (!forward(b.subscription, snapshotOf(b, u))) {
                return;
            }
            b.forwardSnapshot = false;
            if (!u.isSnapshot()) {
                return; // the snapshot already contains this delta
            }
        }
        if (!forward(b.subscription, u)) {
            b.forwardSnapshot = true;
            stats.resyncs.incrementAndGet();
        }
    }

    private BookUpdate snapshotOf(SymbolBook b, BookUpdate at) {
        BookUpdate s = scratchSnapshot.reset(at.ts(), at.receiptTs(), true).sequence(at.lastSeq(), at.lastSeq(), -1);
        return b.book.writeSnapshot(0, s);
    }

    /** Hands an event to every registered source of the subscription; false if any was dropped. */
    private boolean forward(Subscription sub, Event e) {
        int[] t = targets.get(sub);
        if (t == null) {
            return true;
        }
        // events leave a connection in receipt order: a frame stamped on the reader while a REST snapshot (stamped
        // later, on the HTTP thread) held the lock would otherwise follow the snapshot with an earlier receipt time
        if (e.receiptTs() < lastForwardedReceipt) {
            e.setTimes(e.ts(), lastForwardedReceipt);
        } else {
            lastForwardedReceipt = e.receiptTs();
        }
        boolean all = true;
        for (int source : t) {
            if (!events.offer(source, e)) {
                stats.dropped.incrementAndGet();
                all = false;
            }
        }
        stats.events.incrementAndGet();
        return all;
    }
}
