package io.featurizer.serve;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.sim.SimulatedVenues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The live path on loopback for the server tests: a local exchange simulator, the live emitter, a graph whose combined
 * callback publishes to a {@link VectorHub} and keeps its own copy of every vector with the input's sequence and the
 * publish time (the in-process reference the clients' vectors are compared with).
 */
final class SimulatedFeed implements AutoCloseable {
    static final String CONFIG = """
            feature_configs:
              - feature_definition: l2_book.l2_snapshot_fd
                name: book_top5
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                  feature: {0: {depth: 5, sampling: raw}}
              - feature_definition: price.mid_price_fd
                name: mid_price
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
              - feature_definition: spread.relative_bid_ask_spread_fd
                name: spread
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi_1m
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                  feature: {0: {window: 1m}}
            """;

    /** One in-process vector: a copy, the input's sequence, and System.nanoTime() when it was published. */
    record Published(GroupedNamedDataEvent vector, long sequence, long publishedAt) {
    }

    final FeaturizerConfig config = FeaturizerConfig.parse(CONFIG, "serve-test.yaml");

    /** The outputs of {@link #CONFIG}, with no source started. */
    static List<io.featurizer.core.feature.Feature> features() {
        return FeaturizerConfig.parse(CONFIG, "serve-test.yaml").features();
    }
    final VectorHub hub;
    final List<Published> published = Collections.synchronizedList(new ArrayList<>());
    private final SimulatedVenues venues;
    private boolean stopped;
    private final LiveEventEmitter emitter;

    SimulatedFeed(VectorHub.Limits limits, double messagesPerSecond) {
        LiveEventEmitter[] emitterRef = new LiveEventEmitter[1];
        hub = new VectorHub(config.features(), () -> emitterRef[0].currentSequence(), limits);
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(g -> {
            synchronized (published) { // a vector is published and recorded, or neither once stopped
                if (stopped) {
                    return;
                }
                long seq = emitterRef[0].currentSequence();
                hub.publish(g);
                published.add(new Published(g.copy(), seq, System.nanoTime()));
            }
        }).build();
        venues = SimulatedVenues.start(graph.getIns(), SyntheticMarket.Config.defaults(7).withRates(200, 40, 20), messagesPerSecond);
        emitter = new LiveEventEmitter(venues.endpoints());
        emitterRef[0] = emitter;
        emitter.feed(graph);
    }

    void start() {
        emitter.start();
    }

    /** Waits for at least n vectors, then stops the source: no vector is published after this returns. */
    void runUntil(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (published.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        stop();
        if (published.size() < n) {
            throw new AssertionError("only " + published.size() + " vectors in " + timeoutMillis + " ms; feeds " + emitter.stats());
        }
    }

    void stop() {
        synchronized (published) {
            stopped = true;
        }
        emitter.stop();
        venues.close();
    }

    List<Published> snapshot() {
        synchronized (published) {
            return new ArrayList<>(published);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
