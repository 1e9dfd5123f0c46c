package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The workers count late events in Flink metrics as the engine does: trades whose exchange times (ns) step back past
 * the watermark (the latest time minus the 1 ns allowed lateness minus 1 ns; late events dropped) are counted, by hand:
 * 10, 20, 15 (late: the watermark is 18), 30, 25 (late: 28), 40, 40, 38 (late: 38).
 */
class WorkerMetricsTest {
    static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new org.apache.flink.configuration.Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void lateEventsAreCountedInFlinkMetrics(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        long t0 = 1_700_000_000_000_000_000L;
        long[] ts = {10, 20, 15, 30, 25, 40, 40, 38};
        try (Storage storage = Storage.open(store);
             Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(100))) {
            for (int i = 0; i < ts.length; i++) {
                Event e = new Trade().set(t0 + ts[i], t0 + 100 + i, i % 2 == 0 ? Side.BUY : Side.SELL, 100 + i, 1, i + 1);
                recorder.callback(trades).onEvent(trades, e);
            }
        }
        String yaml = """
                feature_configs:
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi
                    params: {data_source: [%s], feature: {0: {window: 1s}}}
                ordering: {time: exchange, allowed_lateness: 1ns, late_events: drop}
                """.formatted(FlinkBackfillTest.BTC);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        new FlinkBackfill(store, yaml, "late.yaml", 1).build(env, Long.MIN_VALUE, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("late events");
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        JobID id = job.getJobID();
        assertEquals(3L, gauge(id, "lateEventsDropped"), "late events dropped");
        assertEquals(0L, gauge(id, "lateEventsProcessed"), "late events processed");
    }

    private static long gauge(JobID job, String name) {
        long sum = 0;
        Map<String, Metric> found = REPORTER.findMetrics(job, name);
        for (Metric m : found.values()) {
            sum += ((Number) ((Gauge<?>) m).getValue()).longValue();
        }
        if (found.isEmpty()) {
            throw new AssertionError("no metric " + name + " reported for job " + job);
        }
        return sum;
    }
}
