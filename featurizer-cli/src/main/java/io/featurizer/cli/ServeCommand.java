package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.sim.SimulatedVenues;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.offline.StoredInputMerge;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.serve.FeatureServer;
import io.featurizer.serve.HealthRoutes;
import io.featurizer.serve.PointInTimeLookup;
import io.featurizer.serve.PointInTimeRoutes;
import io.featurizer.serve.ServeMetrics;
import io.featurizer.serve.Routes;
import io.featurizer.serve.ServeOptions;
import io.featurizer.serve.VectorHub;
import io.featurizer.serve.dashboard.DashboardRoutes;
import io.featurizer.serve.dashboard.FeedHealth;
import io.featurizer.serve.dashboard.LiveFeedHealth;
import io.featurizer.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code featurizer serve --config x.yaml}: runs a config's features and serves every combined vector as it is computed
 * (WebSocket {@code /v1/stream}, Server-Sent Events {@code /v1/sse}) and the latest values on request
 * ({@code /v1/features/latest}); on live venues (default), local simulators ({@code --simulator}) or stored data replayed
 * at event time ({@code --replay}). See docs/serving.md.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a config's features and serve the combined vectors over HTTP: pushed as they are computed (WebSocket /v1/stream, "
                + "Server-Sent Events /v1/sse) and the latest values on request (GET /v1/features/latest). Sources: live venues (default), "
                + "--simulator or --replay. Listens on 127.0.0.1:8080 by default; another address needs --token or --insecure.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    Path config;

    @Option(names = "--simulator", description = "Feed the features from local exchange simulators (loopback, no internet), as 'demo --config' does.")
    boolean simulator;

    @Mixin
    SimulatorOptions simulation; // --rate, --seed: with --simulator

    @Option(names = "--replay", description = "Feed the features from storage, paced by event time (see --speed, --from, --to, --storage).")
    boolean replay;

    @Option(names = "--speed", defaultValue = "1", description = "With --replay: event time runs this many times faster than real time (default ${DEFAULT-VALUE}).")
    double speed;

    @Mixin
    StorageOptions storage;

    @Mixin
    StoredRangeOptions range;

    @Mixin
    DeliveryOption delivery;

    @Mixin
    ModelOptions models;

    @Option(names = "--venue-url", description = "Live venues: EXCHANGE=ws://host:port/path (or wss://) where a venue's WebSocket is (repeatable).")
    List<String> venueUrls = List.of();

    @Option(names = "--rest-url", description = "Live venues: EXCHANGE=http://host:port/ (or https://) where a venue's REST API is (repeatable).")
    List<String> restUrls = List.of();

    @Option(names = "--bind", defaultValue = ServeOptions.DEFAULT_BIND, description = "Address to listen on (default ${DEFAULT-VALUE}, this machine only); "
            + "any other address needs --token or --insecure.")
    String bind;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--token", description = "Every request must carry 'Authorization: Bearer <token>' (or ?token=<token> where a client cannot set headers).")
    String token;

    @Option(names = "--insecure", description = "Serve beyond loopback without a token (anyone who can reach the port reads the features).")
    boolean insecure;

    @Option(names = "--queue", defaultValue = "4096", description = "Messages a push client's queue holds before its oldest are dropped (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--drop-limit", defaultValue = "16384", description = "Messages a push client may lose before it is disconnected (default ${DEFAULT-VALUE}).")
    long dropLimit;

    @Option(names = "--duration", description = "Stop after this long (default: until Ctrl-C, or with --replay the end of the data).")
    String duration;

    @Spec
    CommandSpec spec;

    /** The server's Prometheus metrics; its health routes and the point-in-time lookup are set once the source is known. */
    private final ServeMetrics metrics = new ServeMetrics();
    private HealthRoutes health;
    private PointInTimeLookup pointInTime;

    @Override
    public Integer call() {
        if (simulator && replay) {
            throw new FeaturizerCli.UserError("--simulator and --replay are two sources: give one (or neither, for live venues)");
        }
        ServeOptions options;
        VectorHub.Limits limits;
        try {
            options = new ServeOptions(bind, port, token, insecure);
            options.checkedAddress();
            limits = new VectorHub.Limits(queue, dropLimit);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError(e.getMessage().replace("port ", "--port ").replace("bind address", "--bind")
                    .replace("token is empty", "--token is empty").replace("queue capacity and drop limit", "--queue and --drop-limit"));
        }
        long stopAfter = duration == null ? 0 : DemoCommand.duration(duration, "--duration");
        if (replay && !(speed > 0 && Double.isFinite(speed))) {
            throw new FeaturizerCli.UserError("--speed " + speed + ": expected a factor > 0 (1 = real time, 10 = ten times faster)");
        }
        if (!replay && speed != 1) {
            throw new FeaturizerCli.UserError("--speed paces a replay: give it with --replay");
        }
        if (replay) {
            return replay(options, limits, stopAfter);
        }
        FeaturizerConfig c = simulator ? DemoCommand.simulatorConfig(config) : FeaturizerConfig.load(config);
        Publisher publisher = new Publisher();
        publisher.metrics = metrics;
        try (ModelOptions.Served served = models.open(c, storage)) {
            VectorHub hub = new VectorHub(served.features(), () -> publisher.emitter.currentSequence(), limits);
            publisher.hub = hub;
            publisher.served = served;
            LiveRun run = new LiveRun(System.out, publisher);
            FeatureStreamGraph graph = run.graph(c, 0);
            java.util.function.Supplier<Map<String, FeedStats>> feeds = () -> {
                LiveEventEmitter e = publisher.emitter;
                return e == null ? Map.of() : e.stats();
            };
            metrics.watch(graph);
            metrics.watch(hub);
            served.watchedBy(metrics);
            metrics.watchFeeds(feeds);
            health = HealthRoutes.live(metrics, feeds);
            // auto: inline when only the features, the metrics and the hub's publish (clients have their own queues) run on
            // the delivering thread; hand-off when --out writes the served vectors there
            DeliveryMode mode = delivery.mode(models.writesFiles());
            try (Storage stored = storageGiven() ? storage.openForReading() : null;
                 FeatureServer server = start(options, hub, c, stored, publisher::feeds, served.routes())) {
                if (simulator) {
                    try (SimulatedVenues venues = simulation.start(graph, System.out)) {
                        announce(server);
                        run.run(graph, new LiveEventEmitter(venues.endpoints(), mode), stopAfter);
                    }
                } else {
                    LiveEventEmitter emitter = new LiveEventEmitter(VenueUrls.endpoints(c, venueUrls, restUrls), mode);
                    announce(server);
                    run.run(graph, emitter, stopAfter);
                }
                served.finish(System.out);
                summary(hub);
            }
        }
        return 0;
    }

    private int replay(ServeOptions options, VectorHub.Limits limits, long stopAfter) {
        FeaturizerConfig c = FeaturizerConfig.load(config, storage.symbolListing());
        long start = range.start(c);
        long end = range.end(c, "serve --replay");
        try (Storage s = storage.openForReading(); ModelOptions.Served served = models.open(c, storage)) {
            OfflineEventEmitter emitter = new OfflineEventEmitter(s, start, end).order(range.merge(c)).paced(speed);
            VectorHub hub = new VectorHub(served.features(), emitter::currentSequence, limits);
            FeatureStreamGraph graph = FeatureStreamGraph.builder(c).combineOutputs(g -> {
                long seq = emitter.currentSequence();
                metrics.onVector(g);
                hub.publish(served.onVector(g, seq), seq);
            }).build();
            metrics.watch(graph);
            metrics.watch(hub);
            served.watchedBy(metrics);
            health = HealthRoutes.withoutFeeds(metrics);
            try (StoredInputMerge probe = new StoredInputMerge(s, graph.getIns(), start, end, range.merge(c))) {
                ReplayCommand.requireData(probe.sourcesWithoutData(), start, end, storage);
            }
            emitter.feed(graph);
            try (FeatureServer server = start(options, hub, c, s, FeedHealth.NONE, served.routes()); StopSignal signal = new StopSignal(emitter::stop, 5)) {
                announce(server);
                System.out.printf(Locale.ROOT, "replaying %s at %s x event time%n", ReplayCommand.range(start, end), speed);
                emitter.start();
                awaitReplay(emitter, signal, stopAfter);
                emitter.stop();
                System.out.printf(Locale.ROOT, "replayed %,d input events%s%n", emitter.eventsDelivered(), emitter.reachedEnd() ? " (end of the data)" : "");
                served.finish(System.out);
                summary(hub);
            }
        }
        return 0;
    }

    /** Until the data ends, the time limit, or Ctrl-C. */
    private static void awaitReplay(OfflineEventEmitter emitter, StopSignal signal, long limitNanos) {
        long deadline = System.nanoTime() + limitNanos;
        try {
            while (!emitter.awaitCompletion(0, TimeUnit.MILLISECONDS)) {
                long left = limitNanos > 0 ? deadline - System.nanoTime() : Long.MAX_VALUE;
                if (left <= 0) {
                    return;
                }
                signal.await(Math.min(left, 200_000_000L));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether point-in-time lookups have a store: {@code --storage} on the command line or {@code $FEATURIZER_STORAGE}
     * (the option's default folder alone does not switch them on); {@code --replay} always has one.
     */
    private boolean storageGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--storage") || System.getenv("FEATURIZER_STORAGE") != null;
    }

    /** The server's further endpoints (metrics, health, dashboard, inference outputs): each part adds its {@link Routes} here. */
    private List<Routes> extraRoutes(VectorHub hub, FeaturizerConfig c, FeedHealth feeds) {
        List<Routes> routes = new ArrayList<>();
        routes.add(new DashboardRoutes(hub.features(), feeds)); // the live dashboard at /
        routes.add(health);
        routes.add(new PointInTimeRoutes(pointInTime));
        return routes;
    }

    /**
     * @param stored    the store point-in-time lookups read, or null for none (the endpoint then says to pass --storage)
     * @param inference the models' endpoints ({@code --model})
     */
    private FeatureServer start(ServeOptions options, VectorHub hub, FeaturizerConfig c, Storage stored, FeedHealth feeds, List<Routes> inference) {
        pointInTime = stored == null ? null : new PointInTimeLookup(stored, c);
        List<Routes> routes = extraRoutes(hub, c, feeds);
        routes.addAll(inference);
        try {
            return FeatureServer.start(options, hub, routes);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FeaturizerCli.UserError(e.getMessage().replace("pick another port", "pick another --port"));
        }
    }

    private static void announce(FeatureServer server) {
        String ws = server.url().replaceFirst("^http", "ws");
        System.out.println("serving " + server.url() + " : dashboard " + server.url() + ", WebSocket " + ws + "v1/stream, SSE " + server.url() + "v1/sse, latest "
                + server.url() + "v1/features/latest");
        System.out.println("metrics " + server.url() + "metrics, health " + server.url() + "health, ready " + server.url() + "ready, "
                + "point in time " + server.url() + "v1/features?at=<time>");
        System.out.flush();
    }

    private static void summary(VectorHub hub) {
        System.out.printf(Locale.ROOT, "served %,d combined vectors; %,d messages dropped for slow clients, %d slow clients disconnected%n",
                hub.vectorsPublished(), hub.messagesDropped(), hub.slowClientsDisconnected());
    }

    /** Publishes every combined vector of a live run, with the emitter's ingestion sequence. */
    private static final class Publisher implements LiveRun.Tap {
        volatile LiveEventEmitter emitter;
        volatile LiveFeedHealth health;
        VectorHub hub;
        ServeMetrics metrics;
        ModelOptions.Served served;

        @Override
        public void feed(FeatureStreamGraph graph, LiveEventEmitter e) {
            emitter = e;
            health = new LiveFeedHealth(e);
            e.feed(graph);
        }

        /** The feeds for the dashboard: none until the emitter exists (the server starts first). */
        List<FeedHealth.Feed> feeds() {
            LiveFeedHealth h = health;
            return h == null ? List.of() : h.feeds();
        }

        @Override
        public void onCombined(GroupedNamedDataEvent vector) {
            metrics.onVector(vector);
            long seq = emitter.currentSequence();
            hub.publish(served.onVector(vector, seq), seq); // the models' newest outputs ride along (--model)
        }

        @Override
        public void finish() {
        }
    }
}
