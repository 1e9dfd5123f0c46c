package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job jar {@code mvn verify} builds ({@code target/featurizer-flink-job.jar}), submitted to a running cluster over
 * Flink's REST API with the jar uploaded, as {@code --jobmanager HOST:PORT} does: the table equals {@code compute}'s.
 */
class FlinkJobJarIT {
    @Test
    void theJobJarSubmittedOverRestComputesTheSameTable(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "featurizer-flink-job.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the job jar is built before the integration tests: " + jar);
        Path store = dir.resolve("store");
        try (Storage storage = Storage.open(store)) {
            FlinkBackfillTest.record(storage, dir.resolve("journal"), 20);
        }
        String yaml = FlinkBackfillTest.config("", "");
        FeatureTable expected;
        try (Storage storage = Storage.openReadOnly(store)) {
            expected = BatchCompute.compute(storage, FeaturizerConfig.parse(yaml, "x.yaml"), Long.MIN_VALUE, Long.MAX_VALUE, 1);
        }
        try (FlinkCluster running = FlinkCluster.embedded(2)) {
            String[] hostPort = running.restAddress().split(":");
            FlinkCluster remote = FlinkCluster.remote(hostPort[0], Integer.parseInt(hostPort[1]), jar.toString());
            FeatureTable actual = new FlinkBackfill(store, yaml, "x.yaml", 2).run(remote.environment(2), Long.MIN_VALUE, Long.MAX_VALUE);
            FlinkBackfillTest.assertSameTable(expected, actual, "job jar over REST");
        }
    }
}
