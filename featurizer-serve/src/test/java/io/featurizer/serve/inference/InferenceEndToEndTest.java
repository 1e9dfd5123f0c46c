package io.featurizer.serve.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.sim.SimulatedVenues;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.serve.FeatureServer;
import io.featurizer.serve.ServeOptions;
import io.featurizer.serve.VectorHub;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inference hook end to end, with the example config (examples/inference-logreg.yaml): a synthetic market
 * recorded into storage, the feature-label table computed from it, a logistic regression fitted on the table, then
 * served on a live feed from the local exchange simulator. A real WebSocket client's model outputs must equal the
 * weights file applied, in this test, to the vector each output names by its input_seq; the pull endpoint and the
 * recorded model stream must agree with the hook's counts.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class InferenceEndToEndTest {
    static final Path EXAMPLE = Path.of("..", "examples", "inference-logreg.yaml");
    static final String LABEL = "label_mid_price-mid_price";
    static final String BASE = "mid_price-mid_price";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void fittedOnComputedLabelsAndServedItsOutputsAreTheModelAppliedToTheVectorsTheyName() throws Exception {
        FeaturizerConfig config = FeaturizerConfig.load(EXAMPLE);
        Path weights = fitOnRecordedMarket(config);
        LogisticRegression lr = LogisticRegression.read(weights);
        assertTrue(!lr.inputs().contains(BASE) && lr.inputs().stream().noneMatch(c -> c.startsWith("label_")), "inputs " + lr.inputs());

        // serve: simulator -> live emitter -> graph -> hook -> hub -> server, model outputs also recorded into storage
        List<Feature> outs = config.features();
        ModelSpec.Loaded loaded = ModelSpec.load("up5s=logreg:" + weights, outs);
        Map<Long, double[]> inputsBySeq = Collections.synchronizedMap(new HashMap<>()); // the in-process reference
        Map<Long, Long> timestamps = Collections.synchronizedMap(new HashMap<>());
        java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
        LiveEventEmitter[] emitter = new LiveEventEmitter[1];
        try (Storage modelStore = Storage.open(dir.resolve("served"));
             Recorder recorder = Recorder.open(modelStore, dir.resolve("served-journal"), FsyncPolicy.NEVER, new CountBasedCompactor(100_000));
             InferenceHook hook = new InferenceHook(outs, List.of(loaded.model()), List.of(loaded.version()), new ModelRecording(recorder))) {
            VectorHub hub = new VectorHub(hook.servedFeatures(), () -> emitter[0].currentSequence(), VectorHub.Limits.DEFAULT);
            Feature modelFeature = hook.servedFeatures().get(outs.size());
            assertEquals("model.up5s", modelFeature.name());
            FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(g -> {
                long seq = emitter[0].currentSequence();
                inputsBySeq.put(seq, columns(g, lr.inputs()));
                timestamps.put(seq, g.ts());
                hub.publish(hook.onVector(g, seq), seq);
                published.incrementAndGet();
            }).build();
            SimulatedVenues venues = SimulatedVenues.start(graph.getIns(), SyntheticMarket.Config.defaults(99).withRates(200, 60, 0), 400);
            emitter[0] = new LiveEventEmitter(venues.endpoints());
            emitter[0].feed(graph);
            List<JsonNode> received;
            FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of(new ModelEndpoints(hook)));
            try {
                WsClient ws = WsClient.connect("ws://127.0.0.1:" + server.port() + "/v1/stream");
                emitter[0].start();
                // until the client has 30 vectors carrying a finite prediction (the return needs 1 s of history first)
                while (finitePredictions(ws.snapshot()) < 30) {
                    Thread.sleep(50);
                }
                emitter[0].stop();
                venues.close();
                while (ws.snapshot().size() < published.get()) {
                    Thread.sleep(20); // everything published reaches this (fast) client
                }
                received = ws.snapshot();

                // pull: the model's feature and its counts
                JsonNode pulled = get(server, "/v1/features/model.up5s/latest");
                JsonNode last = received.get(received.size() - 1);
                assertEquals(last.get("model.up5s-input_seq").asLong(), pulled.get("model.up5s-input_seq").asLong());
                assertEquals(last.get("model.up5s-probability").asDouble(), pulled.get("model.up5s-probability").asDouble());
                // the model feature's time is the time of the input vector it was computed from
                assertEquals(timestampOf(received, pulled.get("model.up5s-input_seq").asLong()), pulled.get("timestamp").asLong());
                JsonNode m = get(server, "/v1/models").get("models").get(0);
                assertEquals("model.up5s", m.get("feature").asText());
                assertEquals(published.get(), m.get("delivered").asLong());
                ws.socket.abort();
            } finally {
                server.close();
            }
            hook.close();
            InferenceLoop.InferenceStats st = hook.loops().get(0).stats();
            assertEquals(published.get(), st.delivered());
            assertEquals(0, st.errors());
            assertEquals(st.delivered() - st.predicted(), st.skipped());

            // every vector the client got, in order, none missing; each model output equals the model applied to the vector it names
            int checked = 0;
            long previousInput = -1;
            for (int i = 0; i < received.size(); i++) {
                JsonNode v = received.get(i);
                assertEquals(i, v.get("vector").asLong(), "vectors numbered without gaps");
                JsonNode seqNode = v.get("model.up5s-input_seq");
                if (seqNode.isNull()) {
                    continue;
                }
                long inputSeq = seqNode.asLong();
                assertTrue(inputSeq <= v.get("sequence").asLong(), "a prediction is of an input at or before the vector carrying it");
                assertTrue(inputSeq >= previousInput, "predictions in input order");
                previousInput = inputSeq;
                double[] x = inputsBySeq.get(inputSeq);
                JsonNode input = bySequence(received, inputSeq);
                for (int k = 0; k < x.length; k++) { // the client saw the same inputs as the in-process graph
                    JsonNode c = input.get(lr.inputs().get(k));
                    assertEquals(x[k], c.isNull() ? Double.NaN : c.asDouble(), 0.0, lr.inputs().get(k) + " of input " + inputSeq);
                }
                double z = lr.bias();
                for (int k = 0; k < x.length; k++) {
                    z += lr.weights()[k] * (x[k] - lr.center()[k]) / lr.scale()[k];
                }
                double expected = 1 / (1 + Math.exp(-z));
                JsonNode p = v.get("model.up5s-probability");
                if (Double.isNaN(expected)) {
                    assertTrue(p.isNull(), "NaN is null in JSON");
                } else {
                    assertEquals(expected, p.asDouble(), 1e-15, "prediction of input " + inputSeq);
                    checked++;
                }
            }
            assertTrue(checked >= 30, "checked " + checked);
            System.out.printf("end to end: %d vectors received, %s, %d predictions checked against the weights%n", received.size(), st, checked);

            // recorded: one event per prediction, in the model's stream, with the input's times and sequence
            recorder.flush();
            List<BlockMetadata> blocks = modelStore.blocks(StreamId.of(modelFeature), Long.MIN_VALUE, Long.MAX_VALUE);
            long stored = 0;
            long lastSeq = -1;
            for (BlockMetadata b : blocks) {
                try (EventCursor c = ParquetBlocks.read(modelStore.fetch(b), modelFeature.schema())) {
                    while (c.next()) {
                        Event e = c.current();
                        long seq = e.getLong(1);
                        assertTrue(seq > lastSeq);
                        lastSeq = seq;
                        double[] x = inputsBySeq.get(seq);
                        double expected = lr.probability(x);
                        if (Double.isNaN(expected)) {
                            assertTrue(Double.isNaN(e.getDouble(0)), "recorded prediction of input " + seq);
                        } else {
                            assertEquals(expected, e.getDouble(0), 1e-15, "recorded prediction of input " + seq);
                        }
                        assertEquals(timestamps.get(seq), e.ts(), "recorded with the input's exchange time");
                        stored++;
                    }
                }
            }
            assertEquals(st.predicted(), stored);
        }
    }

    /** Records 15 minutes of synthetic market, computes the example's feature-label table, fits and writes the weights. */
    private Path fitOnRecordedMarket(FeaturizerConfig config) throws Exception {
        Path table = dir.resolve("features.parquet");
        try (Storage storage = Storage.open(dir.resolve("store"))) {
            SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(5).withRates(40, 10, 0));
            long start = market.config().startNanos();
            long end = start + 15 * 60 * 1_000_000_000L;
            Feature book = config.features().get(0).dataSources().get(0);
            Feature trades = null;
            for (Feature f : config.features()) {
                for (Feature s : f.dataSources()) {
                    if (s.definition().name().equals("trades")) {
                        trades = s;
                    }
                }
            }
            try (Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(5_000))) {
                DataSourceCallback bookCb = recorder.callback(book);
                DataSourceCallback tradesCb = recorder.callback(trades);
                while (true) {
                    SyntheticMarket.Channel c = market.next();
                    Event e = market.event();
                    if (e.ts() > end) {
                        break;
                    }
                    if (c == SyntheticMarket.Channel.L2_BOOK) {
                        bookCb.onEvent(book, e);
                    } else if (c == SyntheticMarket.Channel.TRADES) {
                        tradesCb.onEvent(trades, e);
                    }
                }
            }
            FeatureTable t = BatchCompute.of(storage, config).run(start, end).table();
            assertTrue(t.hasColumn(LABEL) && t.hasColumn(BASE), "columns " + t.columnNames());
            t.writeParquet(table);
        }
        List<String> inputs = new ArrayList<>();
        for (Feature f : config.features()) {
            for (int k = 0; k < f.schema().size(); k++) {
                String col = f.name() + "-" + f.schema().field(k).name();
                if (f.schema().type(k) != FieldType.DOUBLE_ARRAY && !col.equals(BASE)) {
                    inputs.add(col);
                }
            }
        }
        TrainingSet set = TrainingSet.readParquet(table, inputs, LABEL, BASE);
        assertTrue(set.y.length > 500, "usable rows " + set.y.length);
        LogisticRegressionTraining.Fitted fitted = LogisticRegressionTraining.fit(set, 1.0, 0.2, Map.of("table", table.toString()));
        Path weights = dir.resolve("weights.json");
        fitted.model().write(weights);
        return weights;
    }

    static double[] columns(io.featurizer.core.feature.GroupedNamedDataEvent g, List<String> names) {
        double[] x = new double[names.size()];
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            int dash = name.lastIndexOf('-');
            Event e = g.get(name.substring(0, dash));
            x[k] = e == null ? Double.NaN : e.getDouble(e.schema().index(name.substring(dash + 1)));
        }
        return x;
    }

    static long finitePredictions(List<JsonNode> received) {
        return received.stream().filter(v -> v.has("model.up5s-probability") && v.get("model.up5s-probability").isNumber()).count();
    }

    static JsonNode bySequence(List<JsonNode> received, long seq) {
        for (JsonNode v : received) {
            if (v.get("sequence").asLong() == seq) {
                return v;
            }
        }
        throw new AssertionError("no vector with sequence " + seq + " received");
    }

    static long timestampOf(List<JsonNode> received, long seq) {
        return bySequence(received, seq).get("timestamp").asLong();
    }

    static JsonNode get(FeatureServer server, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** The JDK's WebSocket client, keeping every text message as JSON. */
    static final class WsClient implements WebSocket.Listener {
        private final List<JsonNode> messages = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder text = new StringBuilder();
        WebSocket socket;

        static WsClient connect(String url) throws Exception {
            WsClient c = new WsClient();
            c.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), c).get(10, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + text, e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<JsonNode> snapshot() {
            synchronized (messages) {
                return new ArrayList<>(messages);
            }
        }
    }
}
