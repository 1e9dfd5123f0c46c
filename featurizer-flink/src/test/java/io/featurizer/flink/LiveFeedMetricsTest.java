package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.Fault;
import io.featurizer.exchanges.sim.SimulatedVenues;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The live source's feed health as the reader's Flink metrics: a book frame dropped by the venue is a gap the
 * connector repairs by a resync, and a connection the venue closes is a disconnect; both show in the gauges
 * while the job runs, and nothing else is counted.
 */
class LiveFeedMetricsTest {
    static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new org.apache.flink.configuration.Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

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
        for (Metric m : REPORTER.findMetrics(job, name).values()) {
            sum += ((Number) ((Gauge<?>) m).getValue()).longValue();
        }
        return sum;
    }
}
