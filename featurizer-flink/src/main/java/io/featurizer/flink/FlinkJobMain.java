package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.offline.MergeOrder;
import io.featurizer.storage.StorageLocation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entry point of {@code featurizer-flink-job.jar} for Flink's own client:
 * {@code flink run featurizer-flink-job.jar --config x.yaml --source kafka://HOST:PORT/PREFIX --sink kafka://HOST:PORT/OUT}
 * (or {@code --source storage --storage DIR}, {@code --order sequence|time}, {@code --parallelism N}, {@code --emit features|vectors|both}). The config file is
 * read where the job is submitted; its text travels in the job. Outputs go to a Kafka sink exactly once (a cluster job
 * has no client to print to).
 */
public final class FlinkJobMain {
    private static final Set<String> OPTIONS = Set.of("--config", "--source", "--sink", "--storage", "--store", "--catalog", "--order", "--parallelism", "--emit");

    private FlinkJobMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path configFile = Path.of(required(o, "--config"));
        FeaturizerConfig config = FeaturizerConfig.load(configFile);
        String yaml = Files.readString(configFile);
        int parallelism = Integer.parseInt(o.getOrDefault("--parallelism", "1"));
        EventLog.Target sink = EventLog.Target.parse(required(o, "--sink"));
        String source = o.getOrDefault("--source", "storage");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        String emit = o.getOrDefault("--emit", "features");
        if (!Set.of("features", "vectors", "both").contains(emit)) {
            throw new IllegalArgumentException("--emit '" + emit + "': expected features, vectors or both"
                    + io.featurizer.core.text.NearestName.suggestion(emit, java.util.List.of("features", "vectors", "both")));
        }
        boolean vectors = !emit.equals("features");
        JobOutputs outputs;
        if (source.equals("storage")) {
            StorageLocation storage = new StorageLocation(required(o, "--storage"), o.get("--store"), o.get("--catalog"));
            FlinkBackfill job = new FlinkBackfill(storage, yaml, configFile.toString(), parallelism);
            if (o.containsKey("--order")) {
                job.order(o.get("--order").equals("sequence") ? MergeOrder.INGESTION_SEQUENCE : MergeOrder.byTime(config.ordering().timeField()));
            }
            outputs = job.outputs(env, Long.MIN_VALUE, Long.MAX_VALUE, vectors);
        } else {
            KafkaRun job = new KafkaRun(EventLog.Target.parse(source), yaml, configFile.toString(), parallelism);
            if ("time".equals(o.get("--order"))) {
                job.order(MergeOrder.RECEIPT_TIME);
            }
            outputs = job.outputs(env, vectors);
        }
        if (!emit.equals("vectors")) {
            KafkaRun.toKafka(outputs.features(), config, sink);
        }
        if (vectors) {
            KafkaRun.vectorsToKafka(outputs.vectors(), sink);
        }
        env.execute("featurizer " + configFile.getFileName());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!OPTIONS.contains(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'; expected " + OPTIONS + ", each with a value");
            }
            o.put(args[i], args[++i]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String option) {
        String v = o.get(option);
        if (v == null) {
            throw new IllegalArgumentException("missing " + option);
        }
        return v;
    }
}
