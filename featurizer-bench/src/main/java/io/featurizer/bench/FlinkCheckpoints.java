package io.featurizer.bench;

import io.featurizer.flink.FlinkBackfill;
import io.featurizer.flink.FlinkCluster;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.Recorder;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoint size and time of the Flink runner for a 25-level book and 1-minute windows over many symbols: per symbol
 * a depth-25 book snapshot feature, mid, 1-minute volatility of mid and 1-minute TVI, one feature group per source. The
 * job checkpoints every {@code interval} ms on an embedded cluster (heap state backend); the figures are Flink's own
 * checkpoint statistics (REST {@code /jobs/:id/checkpoints}): the latest completed checkpoint's full state size and
 * end-to-end duration, read while the job runs.
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.FlinkCheckpoints [symbols] [minutes] [intervalMs]</pre>
 * Defaults: 100 symbols, 2 minutes of market time each at 100 book messages/s and 20 trades/s, a checkpoint every 500 ms.
 */
public final class FlinkCheckpoints {
    private FlinkCheckpoints() {
    }

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 500;
        Path dir = Files.createTempDirectory("featurizer-checkpoint-bench");
        try {
            Path store = dir.resolve("store");
            long events = 0;
            try (Storage storage = Storage.open(store);
                 Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, Compactors.parse("1m"))) {
                for (int s = 0; s < symbols; s++) {
                    events += FlinkThroughput.recordSymbol(recorder, s, 1000 + s, minutes, 100, 20);
                }
            }
            StringBuilder yaml = new StringBuilder("feature_configs:\n");
            for (int s = 0; s < symbols; s++) {
                String source = "{exchange: BINANCE, instrument_type: spot, symbol: " + FlinkThroughput.symbol(s) + "}";
                yaml.append("  - {feature_definition: l2_book.l2_snapshot_fd, name: book25_").append(s).append(", params: {data_source: [")
                        .append(source).append("], feature: {0: {depth: 25}}}}\n");
                yaml.append("  - {feature_definition: volatility.volatility_stddev_fd, name: vol_").append(s).append(", params: {data_source: [")
                        .append(source).append("], feature: {0: {window: 1m}}}}\n");
                yaml.append("  - {feature_definition: tvi.trade_volume_imb_fd, name: tvi_").append(s).append(", params: {data_source: [")
                        .append(source).append("], feature: {0: {window: 1m}}}}\n");
            }
            System.out.printf(Locale.ROOT, "recorded %,d events: %d symbols x %d min; checkpoint every %d ms%n", events, symbols, minutes, interval);
            try (FlinkCluster cluster = FlinkCluster.embedded(2)) {
                StreamExecutionEnvironment env = cluster.environment(2);
                env.enableCheckpointing(interval);
                env.configure(new org.apache.flink.configuration.Configuration() {{
                    set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failure is reported, not retried
                    // checkpoints to files, as on a cluster (the JobManager's in-memory storage refuses states over 5 MB)
                    set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                    set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
                }});
                new FlinkBackfill(store, yaml.toString(), "bench.yaml", 2).build(env, Long.MIN_VALUE, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
                JobClient job = env.executeAsync("checkpoints");
                HttpClient http = HttpClient.newHttpClient();
                URI stats = URI.create("http://" + cluster.restAddress() + "/jobs/" + job.getJobID() + "/checkpoints");
                long maxSize = 0, maxDuration = 0, completed = 0;
                long deadline = System.nanoTime() + 600_000_000_000L;
                while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
                    String body = http.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString()).body();
                    Matcher latest = Pattern.compile("\"latest\"\\s*:\\s*\\{\"completed\"\\s*:\\s*\\{(.*?)\\}").matcher(body);
                    if (latest.find()) {
                        long size = number(latest.group(1), "state_size");
                        long duration = number(latest.group(1), "end_to_end_duration");
                        maxSize = Math.max(maxSize, size);
                        maxDuration = Math.max(maxDuration, duration);
                    }
                    completed = Math.max(completed, number(body, "completed"));
                    Thread.sleep(100);
                }
                System.out.println("job " + job.getJobStatus().get());
                if (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.FINISHED) {
                    System.out.println(http.send(HttpRequest.newBuilder(URI.create("http://" + cluster.restAddress() + "/jobs/" + job.getJobID()
                            + "/exceptions")).build(), HttpResponse.BodyHandlers.ofString()).body());
                }
                System.out.printf(Locale.ROOT, "checkpoints completed: %d; largest full state %,.1f MB (%,d bytes, %,.1f KB per symbol); "
                                + "slowest end-to-end %d ms%n", completed, maxSize / 1e6, maxSize, maxSize / 1e3 / symbols, maxDuration);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
