package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka → Flink → Kafka on a real in-JVM Kafka broker (KRaft) and a real MiniCluster: the synthetic two-symbol market
 * recorded to storage and published to Kafka in one pass (as {@code record} would); a Flink job over the log, with a
 * failure injected mid-stream, writes every feature output to Kafka exactly once. What a read-committed consumer sees
 * equals, feature by feature and event by event, the in-process replay of the same recording in its recorded order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaExactlyOnceTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    KafkaClusterTestKit kafka;
    Path store;
    String yaml = FlinkBackfillTest.config("", "");
    FeaturizerConfig config = FeaturizerConfig.parse(yaml, "x.yaml");

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        kafka = startKafka();
        record(dir);
    }

    /** A real in-JVM Kafka broker in KRaft mode (one combined node), ready for transactions. */
    static KafkaClusterTestKit startKafka() throws Exception {
        KafkaClusterTestKit k = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        k.format();
        k.startup();
        k.waitForReadyBrokers();
        return k;
    }

    /** The two-symbol market, each event recorded into {@code dir/store} and published to {@code market.*}, in one pass. */
    void record(Path dir) {
        store = dir.resolve("store");
        List<Feature> sources = FlinkPlan.of(config, 1).sources();
        EventLog.Target log = EventLog.Target.parse("kafka://" + kafka.bootstrapServers() + "/market");
        try (Storage storage = Storage.open(store);
             Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(2_000));
             KafkaEventLog kafkaLog = new KafkaEventLog(log, sources, false)) {
            FlinkBackfillTest.record(30, (source, e) -> {
                recorder.callback(source).onEvent(source, e);
                kafkaLog.onEvent(source, e);
            });
        }
    }

    @AfterAll
    void stop() throws Exception {
        kafka.close();
    }

    /** Each feature's outputs (as text, bit for bit) of one graph over the recording replayed in its recorded order. */
    List<List<String>> replayed() {
        List<Feature> features = FlinkPlan.of(config, 1).outputs();
        List<List<String>> out = new ArrayList<>();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).build();
        for (Feature f : features) {
            List<String> seen = new ArrayList<>();
            out.add(seen);
            graph.addCallback(f, (feature, e) -> seen.add(e.toString()));
        }
        try (Storage storage = Storage.openReadOnly(store)) {
            OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
            emitter.feed(graph);
            emitter.runToEnd();
        }
        return out;
    }

    /** Each feature's committed outputs in {@code {prefix}.features}, as text. */
    List<List<String>> committed(String prefix) {
        List<Feature> features = FlinkPlan.of(config, 1).outputs();
        List<List<String>> out = new ArrayList<>();
        features.forEach(f -> out.add(new ArrayList<>()));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(prefix + ".features").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read committed: the last stable offsets
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    ByteBuffer b = ByteBuffer.wrap(r.value());
                    int feature = b.getInt();
                    b.getLong();
                    b.getLong();
                    byte[] event = new byte[b.remaining()];
                    b.get(event);
                    Event e = EventBytes.decode(event, features.get(feature).schema());
                    assertEquals(features.get(feature).name(), new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
                    out.get(feature).add(e.toString());
                }
            }
        }
        return out;
    }

    @Test
    void aFailureMidStreamLeavesExactlyTheReplayedOutputsInKafka() throws Exception {
        List<List<String>> expected = replayed();
        assertTrue(expected.stream().mapToInt(List::size).sum() > 2_000, "outputs: " + expected.stream().mapToInt(List::size).sum());

        Faults.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Faults.restartTwice());
        env.setParallelism(2);
        env.enableCheckpointing(200);
        KafkaRun run = new KafkaRun(EventLog.Target.parse("kafka://" + kafka.bootstrapServers() + "/market"), yaml, "x.yaml", 2).bounded()
                .between(records -> records.map(new Faults.FailOnceAfterACheckpoint()).returns(SourceRecord.class));
        KafkaRun.toKafka(run.build(env), config, EventLog.Target.parse("kafka://" + kafka.bootstrapServers() + "/out"));
        env.execute("kafka to kafka, one failure");
        assertTrue(Faults.FAILED.get() && Faults.CHECKPOINTS_BEFORE_FAILURE.get() > 0, "failed once after a checkpoint");

        List<List<String>> actual = committed("out");
        List<Feature> features = FlinkPlan.of(config, 1).outputs();
        for (int f = 0; f < features.size(); f++) {
            assertEquals(expected.get(f).size(), actual.get(f).size(), features.get(f).name() + ": outputs committed");
            assertEquals(expected.get(f), actual.get(f), features.get(f).name());
        }
    }

    /** The committed values of {@code topic} (read committed), in order, as text. */
    List<String> committedValues(String topic) {
        List<String> out = new ArrayList<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** Kafka -> Flink -> {@code {prefix}.vectors}, bounded, optionally with one failure after a checkpoint. */
    void vectorsToKafka(String prefix, boolean fail) throws Exception {
        Faults.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Faults.restartTwice());
        env.setParallelism(2);
        env.enableCheckpointing(200);
        KafkaRun run = new KafkaRun(EventLog.Target.parse("kafka://" + kafka.bootstrapServers() + "/market"), yaml, "x.yaml", 2).bounded()
                .between(records -> records.map(fail ? new Faults.FailOnceAfterACheckpoint() : new Faults.Slow()).returns(SourceRecord.class));
        KafkaRun.vectorsToKafka(run.outputs(env, true).vectors(), EventLog.Target.parse("kafka://" + kafka.bootstrapServers() + "/" + prefix));
        env.execute("kafka to kafka vectors" + (fail ? ", one failure" : ""));
        if (fail) {
            assertTrue(Faults.FAILED.get() && Faults.CHECKPOINTS_BEFORE_FAILURE.get() > 0, "failed once after a checkpoint");
        }
    }

    @Test
    void vectorsWithAFailureMidStreamEqualARunWithoutOneAndTheReplay() throws Exception {
        vectorsToKafka("clean", false);
        vectorsToKafka("failed", true);
        List<String> clean = committedValues("clean.vectors");
        List<String> failed = committedValues("failed.vectors");
        List<String> replayed = new ArrayList<>();
        try (Storage storage = Storage.openReadOnly(store);
             io.featurizer.offline.OfflineFeatureStreamGenerator vectors = new io.featurizer.offline.OfflineFeatureStreamGenerator(storage, config,
                     Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE)) {
            java.io.StringWriter text = new java.io.StringWriter();
            try (io.featurizer.offline.VectorJsonLines lines = new io.featurizer.offline.VectorJsonLines(text, FlinkPlan.of(config, 1).outputs())) {
                while (vectors.hasNext()) {
                    lines.write(vectors.next());
                }
            }
            text.toString().lines().forEach(replayed::add);
        }
        assertTrue(replayed.size() > 1_000, "vectors: " + replayed.size());
        FlinkVectorsTest.assertSameVectors(clean, failed, "with a failure vs without");
        FlinkVectorsTest.assertSameVectors(replayed, failed, "with a failure vs the in-process replay in recorded order");
        assertEquals(failed.size(), new java.util.HashSet<>(failed).size(), "no vector twice");
    }
}
