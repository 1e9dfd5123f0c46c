package io.featurizer.flink;

import io.featurizer.core.feature.Feature;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka → Flink → Kafka on two task managers (one slot each), with one task manager killed mid-stream after a
 * checkpoint and a fresh one started: the job recovers from the checkpoint on the new one, and what a read-committed
 * consumer sees equals the in-process replay of the same recording, event for event.
 */
class TaskManagerLossTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2).setNumberSlotsPerTaskManager(1).build());

    @Test
    void aKilledTaskManagerLosesAndRepeatsNothing(@TempDir Path dir, @InjectMiniCluster MiniCluster flink) throws Exception {
        KafkaExactlyOnceTest kafkaTest = new KafkaExactlyOnceTest();
        try (KafkaClusterTestKit kafka = KafkaExactlyOnceTest.startKafka()) {
            kafkaTest.kafka = kafka;
            kafkaTest.record(dir);
            List<List<String>> expected = kafkaTest.replayed();

            Faults.reset();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Faults.restartTwice());
            env.setParallelism(2);
            env.enableCheckpointing(200);
            KafkaRun run = new KafkaRun(EventLog.Target.parse("kafka://" + kafka.bootstrapServers() + "/market"), kafkaTest.yaml, "x.yaml", 2)
                    .bounded().between(records -> records.map(new Faults.Slow()).returns(SourceRecord.class));
            KafkaRun.toKafka(run.build(env), kafkaTest.config, EventLog.Target.parse("kafka://" + kafka.bootstrapServers() + "/out"));
            JobClient job = env.executeAsync("kafka to kafka, a task manager lost");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Faults.CHECKPOINTS.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Faults.CHECKPOINTS.get() > 0, "a checkpoint completed before the task manager is killed");
            assertTrue(!job.getJobStatus().get().isGloballyTerminalState(), "the job still runs when the task manager is killed");
            flink.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            flink.startTaskManager();
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

            List<List<String>> actual = kafkaTest.committed("out");
            List<Feature> features = FlinkPlan.of(kafkaTest.config, 1).outputs();
            for (int f = 0; f < features.size(); f++) {
                assertEquals(expected.get(f).size(), actual.get(f).size(), features.get(f).name() + ": outputs committed");
                assertEquals(expected.get(f), actual.get(f), features.get(f).name());
            }
        }
    }
}
