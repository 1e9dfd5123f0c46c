package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.offline.OfflineFeatureStreamGenerator;
import io.featurizer.offline.VectorJsonLines;
import io.featurizer.storage.Storage;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage → Flink → combined vectors equals the in-process combined graph ({@code featurizer replay}) over the same
 * store, vector for vector: five features in four feature groups (two symbols' books and trades, trades' receipt times
 * shifted so they tie and invert with the books'), on a real MiniCluster, on receipt and exchange time, and after a
 * failure mid-stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlinkVectorsTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    Path store;

    @BeforeAll
    void record(@TempDir Path dir) {
        store = dir.resolve("store");
        try (Storage storage = Storage.open(store)) {
            FlinkBackfillTest.record(storage, dir.resolve("journal"), 30);
        }
    }

    /** The replay's vectors: one combined graph over all the features, written by replay's writer. */
    List<String> replayed(String yaml) throws Exception {
        return replayedFrom(store, yaml);
    }

    /** The replay's vectors of a config over a store. */
    static List<String> replayedFrom(Path store, String yaml) throws Exception {
        FeaturizerConfig config = FeaturizerConfig.parse(yaml, "x.yaml");
        List<String> out = new ArrayList<>();
        try (Storage storage = Storage.openReadOnly(store);
             OfflineFeatureStreamGenerator vectors = new OfflineFeatureStreamGenerator(storage, config, Long.MIN_VALUE, Long.MAX_VALUE)) {
            StringWriter text = new StringWriter();
            try (VectorJsonLines lines = new VectorJsonLines(text, FlinkPlan.of(config, 1).outputs())) {
                while (vectors.hasNext()) {
                    lines.write(vectors.next());
                }
            }
            text.toString().lines().forEach(out::add);
        }
        return out;
    }

    static StreamExecutionEnvironment env(Configuration conf, int parallelism) {
        conf.set(PipelineOptions.GENERIC_TYPES, false); // a record Flink would hand to Kryo fails the job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    static void assertSameVectors(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": vector " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": vectors");
    }

    @ParameterizedTest(name = "{0} time, parallelism {1}")
    @CsvSource({"receipt, 1", "receipt, 2", "exchange, 2"})
    void storageThroughFlinkGivesTheReplaysVectors(String time, int parallelism) throws Exception {
        String yaml = FlinkBackfillTest.config(time.equals("exchange") ? FlinkBackfillTest.EXCHANGE_TIME : "", "");
        List<String> expected = replayed(yaml);
        assertTrue(expected.size() > 1_000, "vectors: " + expected.size());
        List<String> actual = new FlinkBackfill(store, yaml, "x.yaml", parallelism).vectors(env(new Configuration(), parallelism),
                Long.MIN_VALUE, Long.MAX_VALUE);
        assertSameVectors(expected, actual, time + " time, parallelism " + parallelism);
    }

    @Test
    void aFailureMidStreamRestartsWithTheSameVectors() throws Exception {
        String yaml = FlinkBackfillTest.config(FlinkBackfillTest.EXCHANGE_TIME, "");
        List<String> expected = replayed(yaml);
        Faults.reset();
        StreamExecutionEnvironment env = env(Faults.restartTwice(), 2);
        env.enableCheckpointing(150);
        List<String> actual = new FlinkBackfill(store, yaml, "x.yaml", 2)
                .between(records -> records.map(new Faults.FailOnceAfterACheckpoint()).returns(SourceRecord.class))
                .vectors(env, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(Faults.FAILED.get() && Faults.CHECKPOINTS_BEFORE_FAILURE.get() > 0, "failed once after a checkpoint");
        assertSameVectors(expected, actual, "restarted from a checkpoint");
    }
}
