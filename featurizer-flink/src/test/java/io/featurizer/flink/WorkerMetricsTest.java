package io.featurizer.flink;

import io.featurizer.exchanges.sim.SimulatedVenues;
import io.featurizer.exchanges.sim.Fault;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.core.config.FeaturizerConfig;
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
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The job's Flink metrics. The workers count late events as the engine does: trades whose exchange times (ns) step back past
 * the watermark (the latest time minus the 1 ns allowed lateness minus 1 ns; late events dropped) are counted, by hand:
 * 10, 20, 15 (late: the watermark is 18), 30, 25 (late: 28), 40, 40, 38 (late: 38). The live source reports its feeds'
 * health: a book frame dropped by the venue is a gap the connector repairs by a resync, a connection the venue closes
 * is a disconnect; both show in its gauges while the job runs, and nothing else is counted.
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

    @Test
    void gapsAndDisconnectsAreFlinkMetrics() throws Exception {
        String yaml = """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%s]}
                """.formatted(FlinkBackfillTest.BTC);
        FlinkPlan plan = FlinkPlan.of(FeaturizerConfig.parse(yaml, "health.yaml"), 1);
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(3).withRates(400, 0, 0).withStart(System.currentTimeMillis() * 1_000_000L);
        try (SimulatedVenues venues = SimulatedVenues.start(plan.sources(), market, 300)) {
            ExchangeSimulator sim = venues.simulators().values().iterator().next();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            new LiveRun(venues.endpoints(), yaml, "health.yaml", 1).build(env).sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("feed health");
            try {
                JobID id = job.getJobID();
                awaitGauge(id, "feedResyncs", v -> v == 0, "no resync before any fault");
                waitFor("the feed is up", () -> sim.connectedClients() == 1);
                Thread.sleep(500);
                assertEquals(0L, gauge(id, "feedResyncs"), "a healthy feed resyncs nothing");
                assertEquals(0L, gauge(id, "feedDisconnects"));

                sim.inject(Fault.DROP);
                awaitGauge(id, "feedResyncs", v -> v >= 1, "a dropped book frame is a gap, repaired by a resync");

                sim.inject(Fault.DISCONNECT);
                awaitGauge(id, "feedDisconnects", v -> v >= 1, "the venue closed the connection");
                waitFor("reconnected", () -> sim.connectedClients() == 1);
                assertEquals(0L, gauge(id, "feedChecksumMismatches"), "Binance books have no checksum");
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitGauge(JobID job, String name, LongPredicate ok, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        while (System.nanoTime() < deadline) {
            Map<String, Metric> found = REPORTER.findMetrics(job, name);
            if (!found.isEmpty()) {
                last = gauge(job, name);
                if (ok.test(last)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        fail(what + ": " + name + " is " + last);
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
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
