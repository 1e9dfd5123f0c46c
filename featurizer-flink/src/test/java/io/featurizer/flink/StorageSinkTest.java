package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.offline.compute.FeatureCache;
import io.featurizer.storage.BlockMerge;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StorageLocation;
import io.featurizer.storage.catalog.BlockMetadata;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage → Flink → storage with a failure mid-stream: the feature blocks the storage sink lists on checkpoints hold
 * every output exactly once (their catalog event counts add up to the outputs of one uninterrupted in-process replay,
 * and their events are those outputs).
 */
class StorageSinkTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String CONFIG = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: btc_mid
                params: {data_source: [%1$s]}
              - feature_definition: tvi.trade_volume_imb_fd
                name: btc_tvi_10s
                params: {data_source: [%1$s], feature: {0: {window: 10s}}}
              - feature_definition: volatility.volatility_stddev_fd
                name: eth_vol_30s
                params: {data_source: [%2$s], feature: {0: {window: 30s}}}
            """.formatted(FlinkBackfillTest.BTC, FlinkBackfillTest.ETH);

    /** A feature output as text: times and the feature's own fields (not the input position). */
    static String text(Event e, int fields) {
        StringBuilder b = new StringBuilder().append(e.ts()).append('/').append(e.receiptTs());
        for (int i = 0; i < fields; i++) {
            b.append('/').append(Double.doubleToRawLongBits(e.getDouble(i)));
        }
        return b.toString();
    }

    @Test
    void aFailureMidStreamLeavesEveryOutputInTheStoreExactlyOnce(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        try (Storage storage = Storage.open(store)) {
            FlinkBackfillTest.record(storage, dir.resolve("journal"), 30);
        }
        FeaturizerConfig config = FeaturizerConfig.parse(CONFIG, "x.yaml");
        List<Feature> features = FlinkPlan.of(config, 1).outputs();
        List<List<String>> expected = new ArrayList<>();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).build();
        for (Feature f : features) {
            List<String> seen = new ArrayList<>();
            expected.add(seen);
            graph.addCallback(f, (feature, e) -> seen.add(text(e, f.schema().size())));
        }
        try (Storage storage = Storage.openReadOnly(store)) {
            OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE);
            emitter.feed(graph);
            emitter.runToEnd();
        }

        Path out = dir.resolve("features");
        Storage.open(out).close();
        Faults.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Faults.restartTwice());
        env.setParallelism(2);
        env.enableCheckpointing(150);
        FlinkBackfill job = new FlinkBackfill(store, CONFIG, "x.yaml", 2)
                .between(records -> records.map(new Faults.FailOnceAfterACheckpoint()).returns(SourceRecord.class));
        StorageSink.attach(job.build(env, Long.MIN_VALUE, Long.MAX_VALUE), CONFIG, "x.yaml", 2, StorageLocation.local(out));
        env.execute("storage to storage, one failure");
        assertTrue(Faults.FAILED.get() && Faults.CHECKPOINTS_BEFORE_FAILURE.get() > 0, "failed once after a checkpoint");

        try (Storage storage = Storage.openReadOnly(out)) {
            for (int i = 0; i < features.size(); i++) {
                Feature f = features.get(i);
                List<BlockMetadata> blocks = storage.blocks(FeatureCache.stream(f), Long.MIN_VALUE, Long.MAX_VALUE);
                assertTrue(blocks.size() > 1, f.name() + ": one block per checkpoint, got " + blocks.size());
                assertEquals(expected.get(i).size(), blocks.stream().mapToLong(BlockMetadata::eventCount).sum(), f.name() + ": outputs listed");
                List<String> stored = new ArrayList<>();
                try (BlockMerge events = storage.read(FeatureCache.stream(f), Long.MIN_VALUE, Long.MAX_VALUE)) {
                    while (events.next()) {
                        stored.add(text(events.current(), f.schema().size()));
                    }
                }
                List<String> want = new ArrayList<>(expected.get(i));
                Collections.sort(want);
                Collections.sort(stored);
                assertEquals(want, stored, f.name());
            }
        }
    }
}
