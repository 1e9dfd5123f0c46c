package io.featurizer.exchanges.live;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.emitter.DataSourceEventEmitter;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.venue.VenueCapabilities;
import io.featurizer.core.feature.Feature;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueProtocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link DataSourceEventEmitter} of live venues. Data sources registered for the same venue
 * ({@code exchange} + {@code instrument_type}) share one connection; each (symbol, channel) is one
 * subscription, delivered to every callback registered for it, so two symbols never overwrite each
 * other. All venues' events meet in one bounded hand-off and are delivered on one thread in the
 * order they arrived, each with a global ingestion sequence ({@link #currentSequence()}); or, with
 * {@link DeliveryMode#INLINE}, on the reader threads themselves, one at a time.
 */
public final class LiveEventEmitter implements DataSourceEventEmitter {
    private static volatile LiveEventEmitter instance;

    /** Where each venue is; defaults are the venues' public endpoints. */
    public record Endpoints(Map<String, URI> webSocket, Map<String, URI> rest) {
        public static final Endpoints DEFAULT = new Endpoints(Map.of(), Map.of());

        /** A venue's WebSocket: by {@code EXCHANGE/instrument_type} (one instrument type's own server), else by exchange, else the default. */
        URI webSocket(String venue, String exchange, URI fallback) {
            return webSocket.getOrDefault(venue.toUpperCase(java.util.Locale.ROOT), webSocket.getOrDefault(exchange, fallback));
        }

        /** A venue's REST API, looked up as {@link #webSocket(String, String, URI)}. */
        URI rest(String venue, String exchange, URI fallback) {
            return rest.getOrDefault(venue.toUpperCase(java.util.Locale.ROOT), rest.getOrDefault(exchange, fallback));
        }
    }

    private record Registration(Feature source, DataSourceCallback callback) {
    }

    private final Endpoints endpoints;
    private final List<Registration> registrations = new ArrayList<>();
    private final Map<String, VenueConnection> connections = new LinkedHashMap<>();
    private final HandOff handOff;
    private final DeliveryMode deliveryMode;
    private final ReconnectPolicy reconnectPolicy;
    private final long staleTimeoutMillis;
    private ScheduledExecutorService scheduler;
    private Thread delivery;
    private volatile boolean running;
    private volatile long currentSequence = -1;

    public LiveEventEmitter(Endpoints endpoints) {
        this(endpoints, DeliveryMode.HAND_OFF);
    }

    /** Default ring, reconnect policy and stale timeout (30 s), with the given delivery. */
    public LiveEventEmitter(Endpoints endpoints, DeliveryMode deliveryMode) {
        this(endpoints, 1 << 16, ReconnectPolicy.DEFAULT, 30_000, deliveryMode);
    }

    /**
     * @param handOffCapacity    slots of the hand-off ring (a power of two)
     * @param staleTimeoutMillis a connection with no frame for this long is closed and reconnected
     */
    public LiveEventEmitter(Endpoints endpoints, int handOffCapacity, ReconnectPolicy reconnectPolicy, long staleTimeoutMillis) {
        this(endpoints, handOffCapacity, reconnectPolicy, staleTimeoutMillis, DeliveryMode.HAND_OFF);
    }

    /**
     * @param handOffCapacity    slots of the hand-off ring (a power of two; unused with {@link DeliveryMode#INLINE})
     * @param staleTimeoutMillis a connection with no frame for this long is closed and reconnected
     * @param deliveryMode       which thread runs the callbacks, and what a slow consumer does ({@link DeliveryMode})
     */
    public LiveEventEmitter(Endpoints endpoints, int handOffCapacity, ReconnectPolicy reconnectPolicy, long staleTimeoutMillis,
                            DeliveryMode deliveryMode) {
        this.endpoints = endpoints;
        this.deliveryMode = deliveryMode;
        this.handOff = new HandOff(handOffCapacity, TimeUnit.MILLISECONDS.toNanos(50));
        this.reconnectPolicy = reconnectPolicy;
        this.staleTimeoutMillis = staleTimeoutMillis;
    }

    /** The process-wide emitter on the venues' public endpoints (the seed's {@code instance()}). */
    public static LiveEventEmitter instance() {
        LiveEventEmitter e = instance;
        if (e == null) {
            synchronized (LiveEventEmitter.class) {
                if (instance == null) {
                    instance = new LiveEventEmitter(Endpoints.DEFAULT);
                }
                e = instance;
            }
        }
        return e;
    }

    @Override
    public synchronized void registerCallback(Feature source, DataSourceCallback callback) {
        if (running) {
            throw new IllegalStateException("register callbacks before start()");
        }
        if (!(source.definition() instanceof DataSourceDefinition ds)) {
            throw new IllegalArgumentException(source + " is not a data source");
        }
        Channel channel = Channel.ofSource(ds.channel());
        if (channel.isDerivatives() && !VenueCapabilities.streamsDerivativesLive(source.params().getString(DataSourceDefinition.EXCHANGE, ""))) {
            throw new IllegalArgumentException(VenueOptions.where(source) + ": " + source.params().getString(DataSourceDefinition.EXCHANGE, "")
                    + " does not stream " + ds.channel() + " live (see the derivatives venue table in docs/definitions.md)");
        }
        for (String key : new String[] {DataSourceDefinition.EXCHANGE, DataSourceDefinition.INSTRUMENT_TYPE, DataSourceDefinition.SYMBOL}) {
            if (!source.params().has(key)) {
                throw new IllegalArgumentException(source + " has no '" + key + "' param; a live source needs exchange, instrument_type and symbol");
            }
        }
        registrations.add(new Registration(source, callback));
        try {
            // the book options are checked now, so a config asking what its venue does not serve fails before start()
            Map<String, VenueOptions> options = bookOptions();
            String exchange = source.params().getString(DataSourceDefinition.EXCHANGE, "");
            String type = source.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
            VenueProtocols.forVenue(exchange, type, options.getOrDefault(exchange + "/" + type, VenueOptions.DEFAULT));
        } catch (IllegalArgumentException e) {
            registrations.remove(registrations.size() - 1);
            throw e.getMessage().startsWith("data source ") ? e : new IllegalArgumentException(VenueOptions.where(source) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        DataSourceCallback[] callbacks = registrations.stream().map(Registration::callback).toArray(DataSourceCallback[]::new);
        Feature[] sources = registrations.stream().map(Registration::source).toArray(Feature[]::new);
        HandOff.Consumer deliver = (source, event, sequence) -> {
            currentSequence = sequence;
            callbacks[source].onEvent(sources[source], event);
        };
        EventPath events = deliveryMode == DeliveryMode.INLINE ? new InlineDelivery(deliver) : handOff;
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "featurizer-live-timer");
            t.setDaemon(true);
            return t;
        });
        Map<String, Map<Subscription, List<Integer>>> byVenue = new LinkedHashMap<>();
        Map<String, VenueProtocol> protocols = new LinkedHashMap<>();
        Map<String, VenueOptions> options = bookOptions();
        for (int i = 0; i < registrations.size(); i++) {
            Feature f = registrations.get(i).source();
            String exchange = f.params().getString(DataSourceDefinition.EXCHANGE, "");
            String type = f.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
            String venue = exchange + "/" + type;
            protocols.computeIfAbsent(venue, v -> {
                try {
                    return VenueProtocols.forVenue(exchange, type, options.getOrDefault(v, VenueOptions.DEFAULT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(VenueOptions.where(f) + ": " + e.getMessage(), e);
                }
            });
            Subscription sub = new Subscription(f.params().getString(DataSourceDefinition.SYMBOL, ""),
                    Channel.ofSource(((DataSourceDefinition) f.definition()).channel()));
            byVenue.computeIfAbsent(venue, v -> new LinkedHashMap<>()).computeIfAbsent(sub, s -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, Map<Subscription, List<Integer>>> e : byVenue.entrySet()) {
            VenueProtocol p = protocols.get(e.getKey());
            Map<Subscription, int[]> targets = new LinkedHashMap<>();
            e.getValue().forEach((sub, idx) -> targets.put(sub, idx.stream().mapToInt(Integer::intValue).toArray()));
            URI ws = endpoints.webSocket(e.getKey(), p.exchange(), p.defaultWebSocketUri());
            URI rest = endpoints.rest(e.getKey(), p.exchange(), p.defaultRestUri());
            connections.put(e.getKey(), new VenueConnection(p, ws, rest, targets, events, scheduler, reconnectPolicy, staleTimeoutMillis));
        }
        if (deliveryMode == DeliveryMode.HAND_OFF) {
            delivery = new Thread(() -> handOff.run(() -> running, deliver), "featurizer-live-delivery");
            delivery.start();
        }
        connections.values().forEach(VenueConnection::start);
    }

    /**
     * The book options of each venue ({@code exchange/instrument_type}), from its order book sources. One
     * connection serves a venue, so its books must agree.
     */
    private Map<String, VenueOptions> bookOptions() {
        Map<String, VenueOptions> byVenue = new LinkedHashMap<>();
        Map<String, Feature> firstSource = new LinkedHashMap<>();
        for (Registration r : registrations) {
            Feature f = r.source();
            VenueOptions o = VenueOptions.of(f);
            if (Channel.ofSource(((DataSourceDefinition) f.definition()).channel()) != Channel.L2_BOOK) {
                if (!o.isDefault()) {
                    throw new IllegalArgumentException(VenueOptions.where(f) + ": depth and channel are order book options; "
                            + ((DataSourceDefinition) f.definition()).channel() + " takes neither (got " + o + ")");
                }
                continue;
            }
            String venue = f.params().getString(DataSourceDefinition.EXCHANGE, "") + "/" + f.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
            VenueOptions before = byVenue.putIfAbsent(venue, o);
            firstSource.putIfAbsent(venue, f);
            if (before != null && !before.equals(o)) {
                throw new IllegalArgumentException(VenueOptions.where(f) + " asks " + o + " but " + VenueOptions.where(firstSource.get(venue))
                        + " asks " + before + "; the books of one venue share one connection and one stream, so they must ask the same");
            }
        }
        return byVenue;
    }

    @Override
    public void stop() {
        List<VenueConnection> toStop;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            toStop = new ArrayList<>(connections.values());
        }
        toStop.forEach(VenueConnection::stop);
        handOff.interrupt();
        try {
            if (delivery != null) {
                delivery.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
    }

    /** True from {@link #start()} until {@link #stop()}. */
    public boolean isRunning() {
        return running;
    }

    public DeliveryMode deliveryMode() {
        return deliveryMode;
    }

    /** Global ingestion sequence of the event being delivered (on the thread running the callbacks). */
    public long currentSequence() {
        return currentSequence;
    }

    /** Counters of each venue connection, by {@code exchange/instrument_type}. */
    public synchronized Map<String, FeedStats> stats() {
        Map<String, FeedStats> m = new LinkedHashMap<>();
        connections.forEach((k, c) -> m.put(k, c.stats()));
        return m;
    }

    /** How long after a venue's last refusal a feed with no market data at all counts as refused. */
    static final long REFUSAL_GRACE_MILLIS = 2_000;

    /**
     * A feed that cannot subscribe anything: the first venue connection whose subscriptions the venue refused
     * with no market data coming after, as one line {@code "BYBIT/linear refused every subscription: <the venue's
     * reason>"}; null while every feed has data or no refusal. Live commands poll it to stop with an error.
     */
    public synchronized String refusedFeed() {
        for (Map.Entry<String, VenueConnection> e : connections.entrySet()) {
            String reason = e.getValue().refusal(REFUSAL_GRACE_MILLIS);
            if (reason != null) {
                return e.getKey() + " refused every subscription: " + reason;
            }
        }
        return null;
    }

    /** Events dropped because the hand-off stayed full (always 0 with {@link DeliveryMode#INLINE}). */
    public long droppedEvents() {
        return handOff.dropped();
    }

    /** The connection's current book of a symbol (tests compare it with the simulator's truth). */
    public synchronized io.featurizer.core.book.OrderBook book(String exchange, String instrumentType, String symbol) {
        VenueConnection c = connections.get(exchange + "/" + instrumentType);
        return c == null ? null : c.book(symbol);
    }

    public synchronized boolean isSynced(String exchange, String instrumentType, String symbol) {
        VenueConnection c = connections.get(exchange + "/" + instrumentType);
        return c != null && c.isSynced(symbol);
    }

}
