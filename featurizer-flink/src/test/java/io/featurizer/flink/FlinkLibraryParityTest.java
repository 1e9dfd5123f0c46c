package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticInstruments;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feature library on Flink (issue 14: each feature "the same live, offline and on Flink"): the realistic config
 * {@code examples/library.yaml} (every built-in definition but the micro-price, over BTC and ETH, spot and perpetual, on
 * two venues, with cross-symbol features joining instruments) over a minute and a half of recorded markets, run from
 * storage through a real MiniCluster at parallelism 2, gives the replay's combined vectors, vector for vector and field
 * for field. The offline side ({@code LibraryParityTest}) and the live side ({@code LibraryDemoTest}) check the same config.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlinkLibraryParityTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path LIBRARY = Path.of("../examples/library.yaml");

    String yaml;
    Path store;

    @BeforeAll
    void record(@TempDir Path dir) throws Exception {
        yaml = Files.readString(LIBRARY);
        store = dir.resolve("store");
        List<Feature> sources = FeatureStreamGraph.builder(FeaturizerConfig.parse(yaml, "library.yaml")).build().getIns();
        SyntheticInstruments markets = new SyntheticInstruments(sources, 300, 120, 30);
        try (Storage storage = Storage.open(store);
             Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(2_000))) {
            List<DataSourceCallback> callbacks = new ArrayList<>();
            for (Feature s : sources) {
                callbacks.add(recorder.callback(s));
            }
            markets.play(90_000_000_000L, callbacks);
        }
    }

    @Test
    void everyLibraryFeatureGivesTheReplaysVectorsOnFlink() throws Exception {
        List<String> expected = FlinkVectorsTest.replayedFrom(store, yaml);
        assertTrue(expected.size() > 10_000, "vectors: " + expected.size());
        List<String> actual = new FlinkBackfill(store, yaml, "library.yaml", 2).vectors(FlinkVectorsTest.env(new Configuration(), 2),
                Long.MIN_VALUE, Long.MAX_VALUE);
        FlinkVectorsTest.assertSameVectors(expected, actual, "examples/library.yaml on Flink, parallelism 2");
    }
}
