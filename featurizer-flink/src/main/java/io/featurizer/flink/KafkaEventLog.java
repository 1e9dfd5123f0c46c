package io.featurizer.flink;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code featurizer record --to kafka://HOST:PORT/PREFIX}: publishes the normalized events of a config's data sources
 * to Kafka in the {@link EventLog} layout, each numbered with one ingestion sequence over all sources (the order the
 * events were accepted in, as the recorder numbers them). The producer is idempotent ({@code acks=all}), so a retry
 * never writes an event twice or out of order. A failed send fails the next call and {@link #close()}: nothing is lost
 * silently.
 *
 * <p>Called from the one delivery thread the live emitter hands events to; not for concurrent use.
 */
public final class KafkaEventLog implements DataSourceCallback, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String prefix;
    private final boolean json;
    private final EventLog.Writer writer = new EventLog.Writer();
    private final Map<Feature, byte[]> keys = new LinkedHashMap<>();
    private final Map<Feature, Integer> partitions = new LinkedHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sequence;
    private long sent;

    /**
     * @param sources the data sources to publish (their topics are created if missing, one partition per source of the type)
     * @param json    JSON values instead of binary ones
     */
    public KafkaEventLog(EventLog.Target target, List<Feature> sources, boolean json) {
        this.prefix = target.prefix();
        this.json = json;
        createTopics(target, sources);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "featurizer-record");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, Integer> perTopic = new LinkedHashMap<>();
        for (Feature s : sources) {
            keys.put(s, EventLog.key(s));
            partitions.put(s, perTopic.merge(EventLog.topic(prefix, s), 1, Integer::sum) - 1);
        }
    }

    private static void createTopics(EventLog.Target target, List<Feature> sources) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (Feature s : sources) {
            partitions.merge(EventLog.topic(target.prefix(), s), 1, Integer::sum);
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((topic, n) -> topics.add(new NewTopic(topic, n, (short) -1)));
            for (var f : admin.createTopics(topics).values().entrySet()) {
                try {
                    f.getValue().get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create Kafka topic " + f.getKey() + " on " + target.bootstrapServers() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + target.bootstrapServers() + " did not answer within 15 s", e);
        }
    }

    @Override
    public void onEvent(Feature source, Event event) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("publishing to Kafka failed: " + failed.getMessage(), failed);
        }
        byte[] key = keys.get(source);
        if (key == null) {
            throw new IllegalArgumentException(source + " is not one of the data sources this log publishes: " + keys.keySet());
        }
        long seq = ++sequence;
        byte[] value = json ? EventLog.Writer.json(source, seq, event) : writer.binary(seq, event);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(EventLog.FORMAT_HEADER, (json ? EventLog.JSON : EventLog.BINARY).getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(EventLog.topic(prefix, source), partitions.get(source), event.receiptTs() / 1_000_000, key, value, headers), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        sent++;
    }

    /** Events handed to the producer so far. */
    public long sent() {
        return sent;
    }

    /** Sends everything still buffered; fails if any send failed. */
    @Override
    public void close() {
        producer.flush();
        producer.close();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("publishing to Kafka failed: " + failed.getMessage(), failed);
        }
    }
}
