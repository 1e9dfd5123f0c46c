package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live venues as a Flink source, against the local exchange simulator in Binance's wire format: the feature outputs of
 * the job are those of one in-process graph fed the same accepted events in their accepted order (each feature's Flink
 * outputs a prefix of the graph's: the job is cancelled while running).
 */
class LiveSourceTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final ConcurrentLinkedQueue<SourceRecord> ACCEPTED = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<FeatureOutput> OUTPUTS = new ConcurrentLinkedQueue<>();

    /** Keeps a copy of every record the live source hands the workers. */
    static final class Tap implements MapFunction<SourceRecord, SourceRecord> {
        @Override
        public SourceRecord map(SourceRecord r) {
            ACCEPTED.add(new SourceRecord(r.route, r.rank, r.kind, r.key, r.nextKey, r.event.copy()));
            return r;
        }
    }

    @Test
    void theLiveJobComputesWhatAGraphComputesOnTheAcceptedEvents() throws Exception {
        String yaml = """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%1$s]}
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi_5s
                    params: {data_source: [%1$s], feature: {0: {window: 5s}}}
                """.formatted(FlinkBackfillTest.BTC);
        FeaturizerConfig config = FeaturizerConfig.parse(yaml, "live.yaml");
        FlinkPlan plan = FlinkPlan.of(config, 2);
        ACCEPTED.clear();
        OUTPUTS.clear();
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(5).withRates(400, 80, 0).withStart(System.currentTimeMillis() * 1_000_000L);
        try (SimulatedVenues venues = SimulatedVenues.start(plan.sources(), market, 500)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new LiveRun(venues.endpoints(), yaml, "live.yaml", 2).between(r -> r.map(new Tap()).returns(SourceRecord.class).setParallelism(1))
                    .build(env).sinkTo(new FlinkRescaleTest.Keep());
            FlinkRescaleTest.RECEIVED.clear();
            JobClient job = env.executeAsync("live");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (FlinkRescaleTest.RECEIVED.size() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        List<FeatureOutput> received = new ArrayList<>(FlinkRescaleTest.RECEIVED);
        assertTrue(received.size() >= 500, "outputs received: " + received.size());

        // the reference: one graph fed the accepted events in their accepted order
        List<Feature> features = plan.outputs();
        List<List<String>> expected = new ArrayList<>();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).build();
        for (Feature f : features) {
            List<String> seen = new ArrayList<>();
            expected.add(seen);
            graph.addCallback(f, (feature, e) -> seen.add(e.toString()));
        }
        List<SourceRecord> accepted = new ArrayList<>(ACCEPTED);
        accepted.sort(Comparator.comparingLong(r -> r.key));
        for (int i = 0; i < accepted.size(); i++) {
            assertEquals(i + 1, accepted.get(i).key, "the live source numbers accepted events 1, 2, 3, ... with no gap");
            graph.emit(plan.sources().get(accepted.get(i).rank), accepted.get(i).event);
        }
        for (int f = 0; f < features.size(); f++) {
            List<String> flink = new ArrayList<>();
            for (FeatureOutput o : received) {
                if (o.feature == f) {
                    flink.add(EventBytes.decode(o.event, features.get(f).schema()).toString());
                }
            }
            assertTrue(!flink.isEmpty() && flink.size() <= expected.get(f).size(), features.get(f).name() + ": " + flink.size() + " of " + expected.get(f).size());
            assertEquals(expected.get(f).subList(0, flink.size()), flink, features.get(f).name());
        }
    }
}
