package io.featurizer.serve;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.Clock;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.serve.inference.InferenceHook;
import io.featurizer.serve.inference.InferenceLoop;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The feature server's Prometheus metrics, in a registry of their own (nothing global), written in the Prometheus
 * text format by {@link #write(OutputStream)}. Names follow the Prometheus conventions (base units, {@code _total}
 * counters); docs/serving.md lists each one.
 *
 * <p>Two kinds of source. The graph's thread records the latency and lag of each combined vector as it goes
 * ({@link #onVector(GroupedNamedDataEvent)}: a histogram and a gauge, allocation-free, no exemplars). Everything
 * else is read when scraped from counters that exist anyway: the hub's vectors, feature updates and clients
 * ({@link #watch(VectorHub)}), the graph's input and late-event counts ({@link #watch(FeatureStreamGraph)}), each
 * feed's {@link FeedStats} ({@link #watchFeeds(Supplier)}). Those reads may see a value a moment old, and never
 * lock or slow the engine.
 */
public final class ServeMetrics {
    /** Frame-to-vector latency buckets, seconds: 5 µs to 10 s. */
    private static final double[] LATENCY_BUCKETS = {5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram frameToVector;
    private volatile double exchangeLagSeconds = Double.NaN; // of the latest vector; NaN (not exposed) before the first

    public ServeMetrics() {
        frameToVector = Histogram.builder().name("featurizer_frame_to_vector_seconds")
                .help("Latency from the receipt of the input's frame (its receipt time) to its combined vector.")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("featurizer_exchange_lag_seconds")
                .help("At the latest combined vector: its time minus the exchange time of its input (includes the venue's clock offset).")
                .callback(cb -> {
                    double lag = exchangeLagSeconds;
                    if (!Double.isNaN(lag)) {
                        cb.call(lag);
                    }
                }).register(registry);
    }

    /** Exposes the graph's input counts per data source and its late events (read at each scrape). */
    public void watch(FeatureStreamGraph graph) {
        List<Feature> ins = graph.getIns();
        CounterWithCallback.builder().name("featurizer_input_events_total")
                .help("Input events the engine processed, per data source (its display name, and exchange:instrument_type:symbol:channel).")
                .labelNames("source", "stream").callback(cb -> {
                    for (int i = 0; i < ins.size(); i++) {
                        cb.call(graph.inputCount(i), ins.get(i).name(), ins.get(i).dataSourceId());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("featurizer_late_events_total")
                .help("Inputs behind the event-time watermark, by what the late-event policy did with them (0 with receipt-time ordering).")
                .labelNames("action").callback(cb -> {
                    cb.call(graph.lateEventsDropped(), "dropped");
                    cb.call(graph.lateEventsProcessed(), "processed");
                }).register(registry);
    }

    /**
     * Exposes the hub's counts (read at each scrape): vectors published, updates of each feature, and each push
     * client's queue depth, drops and sends, the clients connected and those disconnected for being too slow.
     */
    public void watch(VectorHub hub) {
        CounterWithCallback.builder().name("featurizer_vectors_total")
                .help("Combined vectors published to the clients (and to the latest-value API).")
                .callback(cb -> cb.call(hub.vectorsPublished())).register(registry);
        List<Feature> outputs = hub.features();
        CounterWithCallback.builder().name("featurizer_feature_updates_total")
                .help("Updates of each served feature (new values in the published vectors); rate() of it is the feature's events per second.")
                .labelNames("feature").callback(cb -> {
                    for (Feature f : outputs) {
                        cb.call(hub.featureUpdates(f), f.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("featurizer_clients").help("Push clients connected (WebSocket and SSE).")
                .callback(cb -> cb.call(hub.clients().size())).register(registry);
        GaugeWithCallback.builder().name("featurizer_client_queue_depth")
                .help("Messages waiting in each push client's queue.").labelNames("client", "kind")
                .callback(cb -> hub.clients().forEach(c -> cb.call(c.queueDepth(), c.id(), c.kind()))).register(registry);
        CounterWithCallback.builder().name("featurizer_client_dropped_messages_total")
                .help("Messages dropped for each connected push client because its queue was full (oldest first).").labelNames("client", "kind")
                .callback(cb -> hub.clients().forEach(c -> cb.call(c.dropped(), c.id(), c.kind()))).register(registry);
        CounterWithCallback.builder().name("featurizer_client_sent_messages_total")
                .help("Messages sent to each connected push client.").labelNames("client", "kind")
                .callback(cb -> hub.clients().forEach(c -> cb.call(c.sent(), c.id(), c.kind()))).register(registry);
        CounterWithCallback.builder().name("featurizer_dropped_messages_total")
                .help("Messages dropped for slow push clients, over every client ever connected.")
                .callback(cb -> cb.call(hub.messagesDropped())).register(registry);
        CounterWithCallback.builder().name("featurizer_slow_clients_disconnected_total")
                .help("Push clients disconnected for falling too far behind (past the drop limit).")
                .callback(cb -> cb.call(hub.slowClientsDisconnected())).register(registry);
    }

    /**
     * Exposes each model's counts of the inference hook (read at each scrape): vectors handed to it, skipped as stale
     * (latest-value semantics), predicted, and failed; delivered = skipped + predicted + errors once a loop has closed.
     */
    public void watch(InferenceHook hook) {
        List<InferenceLoop> loops = hook.loops();
        modelCounter("featurizer_model_vectors_delivered_total", "Combined vectors handed to each model (the newest one replaces a waiting one).",
                loops, InferenceLoop.InferenceStats::delivered);
        modelCounter("featurizer_model_vectors_skipped_total", "Vectors each model never saw: replaced by a newer one while it was busy.",
                loops, InferenceLoop.InferenceStats::skipped);
        modelCounter("featurizer_model_predictions_total", "Predictions each model made (served and recorded as the feature model.<name>).",
                loops, InferenceLoop.InferenceStats::predicted);
        modelCounter("featurizer_model_errors_total", "Vectors on which each model threw.",
                loops, InferenceLoop.InferenceStats::errors);
    }

    private void modelCounter(String name, String help, List<InferenceLoop> loops,
                              ToLongFunction<InferenceLoop.InferenceStats> count) {
        CounterWithCallback.builder().name(name).help(help).labelNames("model").callback(cb -> {
            for (InferenceLoop loop : loops) {
                cb.call(count.applyAsLong(loop.stats()), loop.model().name());
            }
        }).register(registry);
    }

    /** Records one combined vector's frame-to-vector latency and lag to exchange time. On the graph's thread, allocation-free. */
    public void onVector(GroupedNamedDataEvent vector) {
        long now = Clock.nowNanos();
        frameToVector.observe(Math.max(0, now - vector.receiptTs()) / 1e9);
        exchangeLagSeconds = (now - vector.ts()) / 1e9;
    }

    /** Exposes the state and counters of each live feed, read from {@code feeds} (e.g. {@code emitter::stats}) at every scrape. */
    public void watchFeeds(Supplier<Map<String, FeedStats>> feeds) {
        feedGauge("featurizer_feed_connected", "1 while the venue connection is open, else 0.", feeds, h -> h.connected() ? 1 : 0);
        feedGauge("featurizer_feed_synced", "1 while the connection is open and every order book on it is in sequence, else 0.", feeds,
                h -> h.synced() ? 1 : 0);
        feedGauge("featurizer_feed_stale", "1 when no frame came within the stale timeout (or none yet), else 0.", feeds,
                h -> h.stale() ? 1 : 0);
        feedGauge("featurizer_feed_last_frame_age_seconds", "Time since the feed's last frame (absent before the first).", feeds,
                h -> h.lastFrameAgeNanos() < 0 ? Double.NaN : h.lastFrameAgeNanos() / 1e9);
        feedCounter("featurizer_feed_frames_total", "Frames received on the connection.", feeds, FeedStats::frames);
        feedCounter("featurizer_feed_events_total", "Normalized events the connection handed to the engine.", feeds, FeedStats::events);
        feedCounter("featurizer_feed_gaps_total", "Sequence gaps detected in the venue's book stream.", feeds, FeedStats::gaps);
        feedCounter("featurizer_feed_resyncs_total", "Books rebuilt from a fresh snapshot (after a gap, a checksum mismatch or a dropped event).",
                feeds, FeedStats::resyncs);
        feedCounter("featurizer_feed_checksum_mismatches_total", "Book checksums that disagreed with the venue's.", feeds,
                FeedStats::checksumMismatches);
        feedCounter("featurizer_feed_disconnects_total", "Times the connection closed (each is followed by a reconnect while running).",
                feeds, FeedStats::disconnects);
        feedCounter("featurizer_feed_stale_timeouts_total", "Times the feed was silent past the stale timeout and was reconnected.", feeds,
                FeedStats::staleFeeds);
        feedCounter("featurizer_feed_garbage_frames_total", "Frames that could not be read (logged and skipped).", feeds,
                FeedStats::garbageFrames);
        feedCounter("featurizer_feed_dropped_events_total", "Events dropped because the hand-off to the engine stayed full.", feeds,
                FeedStats::dropped);
    }

    private void feedGauge(String name, String help, Supplier<Map<String, FeedStats>> feeds, ToDoubleFunction<FeedHealth> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("venue").callback(cb -> {
            long now = Clock.nowNanos();
            feeds.get().forEach((venue, stats) -> {
                double v = value.applyAsDouble(FeedHealth.of(venue, stats, now));
                if (!Double.isNaN(v)) {
                    cb.call(v, venue);
                }
            });
        }).register(registry);
    }

    private void feedCounter(String name, String help, Supplier<Map<String, FeedStats>> feeds, ToLongFunction<FeedStats> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("venue")
                .callback(cb -> feeds.get().forEach((venue, stats) -> cb.call(value.applyAsLong(stats), venue))).register(registry);
    }

    /** The registry (to add a metric of one's own; it is written with the others). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Every metric now, in the Prometheus text format (version 0.0.4). */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The content type of {@link #write(OutputStream)}. */
    public String contentType() {
        return writer.getContentType();
    }
}
