package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.compute.FeatureTable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * {@code featurizer flink run --source kafka://HOST:PORT/PREFIX}: a config's features over the Kafka event log that
 * {@code featurizer record --to kafka} writes ({@link EventLog}). Each source is one partition in its own order; the
 * group workers merge the sources by the recorded ingestion sequence (the order the live run saw, so the outputs equal
 * {@code replay --order sequence} of the same recording), or by receipt time, using each record's key and Flink's
 * per-partition watermarks as the bound of what a quiet source can still send. {@link #bounded} reads up to the
 * offsets at the start and ends; otherwise the job runs until cancelled.
 *
 * <p>Feature outputs go to Kafka exactly once ({@link #toKafka}: a transactional sink committed with each checkpoint;
 * consumers read committed), or to the client (a table, printed lines).
 */
public final class KafkaRun {
    private final EventLog.Target input;
    private final String configYaml;
    private final String configName;
    private final int parallelism;
    private MergeOrder order = MergeOrder.INGESTION_SEQUENCE;
    private boolean bounded;
    private UnaryOperator<DataStream<SourceRecord>> between = UnaryOperator.identity();

    public KafkaRun(EventLog.Target input, String configYaml, String configName, int parallelism) {
        this.input = input;
        this.configYaml = configYaml;
        this.configName = configName;
        this.parallelism = parallelism;
    }

    /** How sources interleave: {@link MergeOrder#INGESTION_SEQUENCE} (default, the live order) or {@link MergeOrder#RECEIPT_TIME}. */
    public KafkaRun order(MergeOrder order) {
        if (order == MergeOrder.EXCHANGE_TIME) {
            throw new IllegalArgumentException("a Kafka log merges by the recorded sequence or by receipt time (exchange times within a "
                    + "source are not in order, so no watermark can bound them); exchange-time configs order events by event time in the graph");
        }
        this.order = order;
        return this;
    }

    /** Reads the log up to its end offsets when the job starts, then ends (a backfill from Kafka). */
    public KafkaRun bounded() {
        this.bounded = true;
        return this;
    }

    KafkaRun between(UnaryOperator<DataStream<SourceRecord>> tap) {
        this.between = tap;
        return this;
    }

    RunSpec spec() {
        return new RunSpec(configYaml, configName, parallelism, order, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The job's feature outputs (every output, in each feature's order). */
    public DataStream<FeatureOutput> build(StreamExecutionEnvironment env) {
        return outputs(env, false).features();
    }

    /** The job's feature outputs and, with {@code vectors}, its combined vectors in the run's order. */
    public JobOutputs outputs(StreamExecutionEnvironment env, boolean vectors) {
        RunSpec spec = spec();
        FlinkPlan plan = spec.plan();
        List<String> topics = plan.sources().stream().map(s -> EventLog.topic(input.prefix(), s)).distinct().toList();
        var builder = KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(input.bootstrapServers())
                .setTopics(topics)
                .setGroupId("featurizer-" + configName.replaceAll("[^A-Za-z0-9._-]", "_"))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new Records(spec))
                .setProperty("isolation.level", "read_committed");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        DataStream<SourceRecord> records = env.fromSource(builder.build(), SourceRecord.watermarksByKey(), "kafka events " + input.prefix())
                .uid("featurizer-kafka-events");
        return GroupWorker.attach(between.apply(records), spec, false, vectors);
    }

    /**
     * Sends every feature output of a job over {@code config} to {@code {prefix}.features} exactly once (Kafka
     * transactions committed on checkpoints; consumers read committed).
     */
    public static void toKafka(DataStream<FeatureOutput> outputs, FeaturizerConfig config, EventLog.Target output) {
        List<String> names = FlinkPlan.of(config, 1).outputs().stream().map(Feature::name).toList();
        String topic = output.prefix() + ".features";
        KafkaSink<FeatureOutput> sink = KafkaSink.<FeatureOutput>builder()
                .setBootstrapServers(output.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("featurizer-" + output.prefix())
                .setKafkaProducerConfig(transactionTimeout())
                .setRecordSerializer(new Outputs(topic, names))
                .build();
        outputs.filter(o -> o.feature != FeatureOutput.DATA_END).returns(TypeInformation.of(FeatureOutput.class))
                .sinkTo(sink).uid("featurizer-kafka-features");
    }

    /**
     * Sends a job's combined vectors to {@code {prefix}.vectors} exactly once (Kafka transactions committed on
     * checkpoints; consumers read committed): partition 0, in order, no key, the value one JSON object as
     * {@code replay --out} writes a line (UTF-8, no newline).
     */
    public static void vectorsToKafka(DataStream<String> vectors, EventLog.Target output) {
        String topic = output.prefix() + ".vectors";
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(output.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("featurizer-" + output.prefix() + "-vectors")
                .setKafkaProducerConfig(transactionTimeout())
                .setRecordSerializer((KafkaRecordSerializationSchema<String>) (v, context, timestamp) ->
                        new ProducerRecord<>(topic, 0, null, v.getBytes(StandardCharsets.UTF_8)))
                .build();
        vectors.sinkTo(sink).uid("featurizer-kafka-vectors").setParallelism(1);
    }

    private static Properties transactionTimeout() {
        Properties p = new Properties();
        p.setProperty("transaction.timeout.ms", "600000");
        return p;
    }

    public FeatureTable table(StreamExecutionEnvironment env) throws Exception {
        return FeatureOutputs.table(FeaturizerConfig.parse(configYaml, configName), build(env), "featurizer " + configName);
    }

    public long print(StreamExecutionEnvironment env, PrintStream out) throws Exception {
        return FeatureOutputs.print(FeaturizerConfig.parse(configYaml, configName), build(env), "featurizer " + configName, out);
    }

    /** Event-log records to source records of the plan's sources (others on the same topics are skipped). */
    static final class Records implements KafkaRecordDeserializationSchema<SourceRecord> {
        private final RunSpec spec;
        private transient Map<String, Integer> ranks;
        private transient FlinkPlan plan;

        Records(RunSpec spec) {
            this.spec = spec;
        }

        @Override
        public void open(org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext context) {
            plan = spec.plan();
            ranks = new HashMap<>();
            for (int r = 0; r < plan.sources().size(); r++) {
                ranks.put(plan.sources().get(r).dataSourceId(), r);
            }
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
            Integer rank = record.key() == null ? null : ranks.get(new String(record.key(), StandardCharsets.UTF_8));
            if (rank == null) {
                return; // another config's source on a shared topic
            }
            long sequence = EventLog.sequence(record.value());
            Event event = io.featurizer.core.event.Events.newEvent(plan.sources().get(rank).schema()); // records are never changed once sent
            EventLog.decodeInto(record.value(), event);
            long key = spec.order().key(event, sequence);
            // a log's source sends its events in key order: its last key bounds its next (with the watermark)
            out.collect(new SourceRecord(plan.route(plan.groupOfSource(rank)), rank, SourceRecord.EVENT, key, key, event));
        }

        @Override
        public TypeInformation<SourceRecord> getProducedType() {
            return TypeInformation.of(SourceRecord.class);
        }
    }

    /**
     * Feature outputs as Kafka records: key = the feature's name, value = binary: the output index (int32), its input's
     * time and order (int64 each), then the output event ({@code Event.write} form).
     */
    static final class Outputs implements KafkaRecordSerializationSchema<FeatureOutput> {
        private final String topic;
        private final List<String> names;

        Outputs(String topic, List<String> names) {
            this.topic = topic;
            this.names = List.copyOf(names);
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(FeatureOutput o, KafkaSinkContext context, Long timestamp) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 + o.event.length);
            b.putInt(o.feature).putLong(o.inputTime).putLong(o.inputOrder).put(o.event);
            return new ProducerRecord<>(topic, names.get(o.feature).getBytes(StandardCharsets.UTF_8), b.array());
        }
    }
}
