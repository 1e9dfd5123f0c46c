package io.featurizer.serve;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.Clock;
import io.featurizer.exchanges.live.FeedStats;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
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
 * <p>Two kinds of source. The graph's thread updates the engine's instruments as it goes, allocation-free
 * (cached data points, no exemplars): an output counter per feature ({@link #watch(FeatureStreamGraph)}) and
 * the latency and lag of each combined vector ({@link #onVector(GroupedNamedDataEvent)}). Everything else is
 * read when scraped from counters that exist anyway: the graph's input and late-event counts, each feed's
 * {@link FeedStats}, each client's queue ({@link #watchClients(Supplier)}). Those reads are racy by design
 * (a scrape sees a value a moment old), never locking the engine.
 */
public final class ServeMetrics {
    /** Frame-to-vector latency buckets, seconds: 5 µs to 10 s. */
    private static final double[] LATENCY_BUCKETS = {5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter featureUpdates;
    private final CounterDataPoint vectors;
    private final Histogram frameToVector;
    private final Gauge exchangeLag;

    public ServeMetrics() {
        featureUpdates = Counter.builder().name("featurizer_feature_updates_total")
                .help("Outputs (updates) of each served feature; rate() of it is the feature's events per second.")
                .labelNames("feature").withoutExemplars().register(registry);
        vectors = Counter.builder().name("featurizer_vectors_total")
                .help("Combined vectors the engine produced (each is published to the clients).").withoutExemplars().register(registry);
        frameToVector = Histogram.builder().name("featurizer_frame_to_vector_seconds")
                .help("Latency from the receipt of the input's frame (its receipt time) to its combined vector.")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
        exchangeLag = Gauge.builder().name("featurizer_exchange_lag_seconds")
                .help("Now minus the exchange time of the input of the latest combined vector (includes the venue's clock offset).")
                .withoutExemplars().register(registry);
    }

    /**
     * Counts the outputs of each of the graph's output features (a callback beside those already set), and
     * exposes its input counts per data source and its late events. Call before the graph runs.
     */
    public void watch(FeatureStreamGraph graph) {
        for (Feature f : graph.getOuts()) {
            CounterDataPoint updates = featureUpdates.labelValues(f.name());
            graph.addCallback(f, (feature, event) -> updates.inc());
        }
        List<Feature> ins = graph.getIns();
        CounterWithCallback.builder().name("featurizer_input_events_total")
                .help("Input events the engine processed, per data source.")
                .labelNames("source").callback(cb -> {
                    for (int i = 0; i < ins.size(); i++) {
                        cb.call(graph.inputCount(i), ins.get(i).name());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("featurizer_late_events_total")
                .help("Inputs behind the event-time watermark, by what the late-event policy did with them (0 with receipt-time ordering).")
                .labelNames("action").callback(cb -> {
                    cb.call(graph.lateEventsDropped(), "dropped");
                    cb.call(graph.lateEventsProcessed(), "processed");
                }).register(registry);
    }

    /** Records one combined vector: counts it, its frame-to-vector latency and its lag to exchange time. On the graph's thread. */
    public void onVector(GroupedNamedDataEvent vector) {
        long now = Clock.nowNanos();
        vectors.inc();
        frameToVector.observe(Math.max(0, now - vector.receiptTs()) / 1e9);
        exchangeLag.set((now - vector.ts()) / 1e9);
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
