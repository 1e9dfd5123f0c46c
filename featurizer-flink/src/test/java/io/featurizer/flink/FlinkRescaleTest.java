package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureSeries;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.storage.Storage;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stop with a savepoint at parallelism 1, restore at 2: the outputs continue exactly, none repeated, none lost. The
 * outputs of both runs, joined, equal {@code featurizer compute} on the same store. (Splits restored onto a reader that
 * does not host their group's worker: {@link SplitTransferTest}.)
 */
class FlinkRescaleTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final ConcurrentLinkedQueue<FeatureOutput> RECEIVED = new ConcurrentLinkedQueue<>();

    /** Keeps every output in {@link #RECEIVED} (the test's own sink: what reached it before the savepoint stays). */
    static final class Keep implements Sink<FeatureOutput> {
        @Override
        public SinkWriter<FeatureOutput> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(FeatureOutput element, Context ctx) {
                    RECEIVED.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Slows the stream so the savepoint lands mid-run. */
    static final class Slow implements MapFunction<SourceRecord, SourceRecord> {
        private long seen;

        @Override
        public SourceRecord map(SourceRecord r) throws Exception {
            if (++seen % 10 == 0) {
                Thread.sleep(1);
            }
            return r;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2})
    void aSavepointAtParallelismOneRestoresAtAnother(int n, @TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        try (Storage storage = Storage.open(store)) {
            FlinkBackfillTest.record(storage, dir.resolve("journal"), 30);
        }
        String yaml = FlinkBackfillTest.config(FlinkBackfillTest.EXCHANGE_TIME, "");
        FeaturizerConfig config = FeaturizerConfig.parse(yaml, "x.yaml");
        FeatureTable expected;
        try (Storage storage = Storage.openReadOnly(store)) {
            expected = BatchCompute.compute(storage, config, Long.MIN_VALUE, Long.MAX_VALUE, 1);
        }

        RECEIVED.clear();
        StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
        first.setParallelism(1);
        new FlinkBackfill(store, yaml, "x.yaml", 1).between(r -> r.map(new Slow()).returns(SourceRecord.class))
                .build(first, Long.MIN_VALUE, Long.MAX_VALUE).sinkTo(new Keep());
        JobClient job = first.executeAsync("before the savepoint");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (RECEIVED.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        int before = RECEIVED.size();

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment second = StreamExecutionEnvironment.getExecutionEnvironment(restore);
        second.setParallelism(n);
        new FlinkBackfill(store, yaml, "x.yaml", n).build(second, Long.MIN_VALUE, Long.MAX_VALUE).sinkTo(new Keep());
        second.execute("restored at parallelism 2");
        assertTrue(before >= 200 && RECEIVED.size() > before, "outputs before the savepoint: " + before + ", in all: " + RECEIVED.size());

        List<Feature> distinct = FlinkPlan.of(config, n).outputs();
        List<FeatureSeries> series = new ArrayList<>();
        for (Feature f : distinct) {
            series.add(new FeatureSeries(f.schema()));
        }
        long dataEnd = Long.MIN_VALUE;
        for (FeatureOutput o : RECEIVED) {
            if (o.feature == FeatureOutput.DATA_END) {
                dataEnd = Math.max(dataEnd, o.inputTime);
            } else {
                series.get(o.feature).append(EventBytes.decode(o.event, distinct.get(o.feature).schema()), o.inputTime, o.inputOrder);
            }
        }
        FeatureTable actual = BatchCompute.table(config.features(), null, 0, distinct, series.stream().map(FeatureSeries::inInputOrder).toList(), dataEnd);
        FlinkBackfillTest.assertSameTable(expected, actual, "savepoint at 1, restored at " + n);

        // none repeated, none lost: each feature's outputs, in order, are those of one run without a savepoint
        List<List<String>> restored = perFeature(distinct.size());
        RECEIVED.clear();
        StreamExecutionEnvironment straight = StreamExecutionEnvironment.getExecutionEnvironment();
        straight.setParallelism(n);
        new FlinkBackfill(store, yaml, "x.yaml", n).build(straight, Long.MIN_VALUE, Long.MAX_VALUE).sinkTo(new Keep());
        straight.execute("no savepoint");
        assertEquals(perFeature(distinct.size()), restored);
    }

    /** Each feature's outputs in arrival order, as (position, bytes) text. */
    static List<List<String>> perFeature(int features) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            out.add(new ArrayList<>());
        }
        for (FeatureOutput o : RECEIVED) {
            if (o.feature >= 0) {
                out.get(o.feature).add(o.inputTime + "/" + o.inputOrder + "/" + java.util.Arrays.toString(o.event));
            }
        }
        return out;
    }
}
