package io.featurizer.cli;

import io.featurizer.core.text.NearestName;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.flink.EventLog;
import io.featurizer.flink.FlinkBackfill;
import io.featurizer.flink.FlinkCluster;
import io.featurizer.flink.FlinkPlan;
import io.featurizer.flink.JobOutputs;
import io.featurizer.flink.KafkaRun;
import io.featurizer.flink.LiveRun;
import io.featurizer.flink.StorageSink;
import io.featurizer.offline.compute.FeatureTable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code featurizer flink plan|run}: the config as one Flink job (see {@code featurizer-flink} and docs/flink.md). {@code run}
 * starts an embedded local MiniCluster, so a fresh machine needs nothing else.
 */
@Command(name = "flink", mixinStandardHelpOptions = true, description = "Run a config's features on Apache Flink (an embedded local cluster).",
        subcommands = {FlinkCommand.Plan.class, FlinkCommand.Run.class})
final class FlinkCommand {
    /** The config's text and the config loaded from it (load errors name the file, line and key). */
    record LoadedConfig(String yaml, String name, FeaturizerConfig config) {
        static LoadedConfig of(Path file) {
            FeaturizerConfig config = FeaturizerConfig.load(file);
            try {
                return new LoadedConfig(Files.readString(file), file.toString(), config);
            } catch (IOException e) {
                throw new FeaturizerCli.UserError("cannot read --config " + file + ": " + FeaturizerCli.reason(e));
            }
        }
    }

    static int parallelism(int p) {
        if (p < 1 || p > FlinkPlan.MAX_PARALLELISM) {
            throw new FeaturizerCli.UserError("--parallelism " + p + ": expected 1.." + FlinkPlan.MAX_PARALLELISM + " (Flink slots)");
        }
        return p;
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Print the Flink job a config becomes: feature groups (keys), their sources and subtasks.")
    static final class Plan implements Runnable {
        @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
        Path config;

        @Option(names = {"-p", "--parallelism"}, description = "Job parallelism (default ${DEFAULT-VALUE}).")
        int parallelism = Runtime.getRuntime().availableProcessors();

        @Override
        public void run() {
            System.out.print(FlinkPlan.of(FeaturizerConfig.load(config), parallelism(parallelism)).describe());
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a config's features as a Flink job on an embedded local cluster; with --out, the same feature table as 'featurizer compute'.")
    static final class Run implements Runnable {
        @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format); label_feature and label_lookahead are used.")
        Path config;

        @Option(names = "--source", defaultValue = "storage", description = "Where the job reads events: storage (the stored data, bounded), "
                + "kafka://HOST:PORT/PREFIX (the log 'record --to kafka' writes) or live (the venues' feeds, until Ctrl-C). Default ${DEFAULT-VALUE}.")
        String source;

        @Option(names = "--venue-url", description = "With --source live: EXCHANGE=ws://host:port/path, read this venue from there (repeatable; "
                + "default: the venues' public endpoints).")
        List<String> venueUrls = List.of();

        @Option(names = "--rest-url", description = "With --source live: EXCHANGE=http://host:port/, the venue's REST API (repeatable).")
        List<String> restUrls = List.of();

        @Option(names = "--sink", defaultValue = "print", description = "Where feature outputs go without --out: print (one line each), "
                + "kafka://HOST:PORT/PREFIX (topic PREFIX.features, exactly once) or storage (feature blocks in --storage, listed on checkpoints). "
                + "Default ${DEFAULT-VALUE}.")
        String sink;

        @Option(names = "--emit", defaultValue = "features", description = "What the job emits: features (one record per feature output), "
                + "vectors (one combined vector per input, the latest value of every feature, as 'featurizer replay' writes them; "
                + "a Kafka sink writes them to PREFIX.vectors) or both (with a Kafka sink). Default ${DEFAULT-VALUE}.")
        String emit;

        @Option(names = {"-o", "--out"}, description = "Write the feature table (or feature-label set) to this Parquet file, as 'featurizer compute' does.")
        Path out;

        @Option(names = "--until-end", description = "With a Kafka source: read the log up to its end when the job starts, then stop (implied by --out).")
        boolean untilEnd;

        @Option(names = "--checkpoint-every", defaultValue = "10s", description = "Checkpoint interval (a Kafka sink commits on checkpoints). Default ${DEFAULT-VALUE}.")
        String checkpointEvery;

        @Option(names = {"-p", "--parallelism"}, description = "Job parallelism (slots of the local cluster; default ${DEFAULT-VALUE}).")
        int parallelism = Runtime.getRuntime().availableProcessors();

        @Option(names = "--jobmanager", description = "HOST:PORT of a Flink cluster's REST endpoint: submit the job there (with the job jar) "
                + "instead of an embedded local cluster. Its task managers must reach the storage and Kafka named.")
        String jobmanager;

        @Option(names = "--job-jar", description = "The job jar shipped with --jobmanager (default: featurizer-flink/target/featurizer-flink-job.jar "
                + "of this build).")
        Path jobJar;

        @Mixin
        StorageOptions storage;

        @Mixin
        StoredRangeOptions range;

        /** The cluster the job goes to: --jobmanager with the job jar, else an embedded one. */
        FlinkCluster cluster(int slots) throws Exception {
            if (jobmanager == null) {
                if (jobJar != null) {
                    throw new FeaturizerCli.UserError("--job-jar goes with --jobmanager: the embedded cluster runs this process's own classes");
                }
                return FlinkCluster.embedded(slots);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z0-9._\\-]+):(\\d{1,5})").matcher(jobmanager.trim());
            if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
                throw new FeaturizerCli.UserError("--jobmanager '" + jobmanager + "': expected HOST:PORT of the JobManager's REST endpoint, e.g. flink-jm:8081");
            }
            Path jar = jobJar != null ? jobJar : defaultJobJar();
            if (!Files.isRegularFile(jar)) {
                throw new FeaturizerCli.UserError("--job-jar " + jar + ": no such file; build it with 'mvn -pl featurizer-flink -am package' or name it with --job-jar");
            }
            return FlinkCluster.remote(m.group(1), Integer.parseInt(m.group(2)), jar.toString());
        }

        /** featurizer-flink/target/featurizer-flink-job.jar beside this build's featurizer-cli/target/featurizer.jar. */
        static Path defaultJobJar() {
            try {
                Path self = Path.of(FlinkCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return self.getParent().getParent().getParent().resolve("featurizer-flink").resolve("target").resolve("featurizer-flink-job.jar");
            } catch (Exception e) {
                return Path.of("featurizer-flink", "target", "featurizer-flink-job.jar");
            }
        }

        static EventLog.Target kafka(String option, String url) {
            try {
                return EventLog.Target.parse(url.trim());
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError(option + " " + e.getMessage());
            }
        }

        @Override
        public void run() {
            LoadedConfig c = LoadedConfig.of(config);
            int p = parallelism(parallelism);
            boolean fromKafka = source.trim().toLowerCase(Locale.ROOT).startsWith("kafka:");
            boolean fromLive = source.trim().equalsIgnoreCase("live");
            if (!fromKafka && !fromLive && !source.trim().equalsIgnoreCase("storage")) {
                throw new FeaturizerCli.UserError("--source '" + source + "': expected storage, live or kafka://HOST:PORT/PREFIX"
                        + nearest(source, "storage", "live", "kafka://"));
            }
            if (!fromLive && (!venueUrls.isEmpty() || !restUrls.isEmpty())) {
                throw new FeaturizerCli.UserError("--venue-url/--rest-url go with --source live");
            }
            boolean toKafka = sink.trim().toLowerCase(Locale.ROOT).startsWith("kafka:");
            boolean toStorage = sink.trim().equalsIgnoreCase("storage");
            if (!toKafka && !toStorage && !sink.trim().equalsIgnoreCase("print")) {
                throw new FeaturizerCli.UserError("--sink '" + sink + "': expected print, storage or kafka://HOST:PORT/PREFIX (or --out FILE for the feature table)"
                        + nearest(sink, "print", "storage", "kafka://"));
            }
            if ((toKafka || toStorage) && out != null) {
                throw new FeaturizerCli.UserError("--sink " + sink + " and --out: choose one (the feature table is written by the client)");
            }
            String emitted = emit.trim().toLowerCase(Locale.ROOT);
            if (!List.of("features", "vectors", "both").contains(emitted)) {
                throw new FeaturizerCli.UserError("--emit '" + emit + "': expected features, vectors or both"
                        + nearest(emitted, "features", "vectors", "both"));
            }
            boolean vectors = !emitted.equals("features");
            boolean features = !emitted.equals("vectors");
            if (vectors && out != null) {
                throw new FeaturizerCli.UserError("--emit " + emitted + " and --out: --out writes the feature table; vectors go to --sink print or kafka://…");
            }
            if (vectors && toStorage) {
                throw new FeaturizerCli.UserError("--emit " + emitted + " and --sink storage: the store takes feature blocks; vectors go to --sink print or kafka://…");
            }
            if (features && vectors && !toKafka) {
                throw new FeaturizerCli.UserError("--emit both goes with --sink kafka://HOST:PORT/PREFIX (print shows one kind: features or vectors)");
            }
            EventLog.Target input = fromKafka ? kafka("--source", source) : null;
            EventLog.Target output = toKafka ? kafka("--sink", sink) : null;
            long interval = DemoCommand.duration(checkpointEvery, "--checkpoint-every");
            if (interval < 10_000_000L) {
                throw new FeaturizerCli.UserError("--checkpoint-every " + checkpointEvery + ": expected at least 10ms");
            }
            FlinkBackfill backfill = null;
            KafkaRun log = null;
            LiveRun live = null;
            if (fromLive) {
                if (out != null || untilEnd || range.from != null || range.to != null) {
                    throw new FeaturizerCli.UserError("--source live runs until Ctrl-C: --out, --until-end and --from/--to need stored data or a log");
                }
                live = new LiveRun(VenueUrls.endpoints(c.config(), venueUrls, restUrls), c.yaml(), c.name(), p);
            } else if (fromKafka) {
                if (range.from != null || range.to != null) {
                    throw new FeaturizerCli.UserError("--from/--to select stored data; a Kafka source reads its log from the start");
                }
                log = new KafkaRun(input, c.yaml(), c.name(), p);
                if (range.order.trim().equalsIgnoreCase("time")) {
                    log.order(io.featurizer.offline.MergeOrder.RECEIPT_TIME);
                } else if (!range.order.trim().equalsIgnoreCase("sequence")) {
                    throw new FeaturizerCli.UserError("--order '" + range.order + "': expected time or sequence");
                }
                if (untilEnd || out != null) {
                    log.bounded();
                }
            } else {
                if (untilEnd) {
                    throw new FeaturizerCli.UserError("--until-end applies to a Kafka source; stored data always ends");
                }
                storage.openForReading().close(); // a missing or unreadable store is the user's to fix, said before Flink starts
                backfill = new FlinkBackfill(storage.location(), c.yaml(), c.name(), p).order(range.merge(c.config()));
            }
            long start = range.start(c.config());
            long end = range.end(c.config(), "flink run");
            if (backfill != null) {
                backfill.storedRange(start, end); // missing data is said before a cluster starts
            }
            long started = System.nanoTime();
            try (FlinkCluster cluster = cluster(p)) {
                StreamExecutionEnvironment env = cluster.environment(p);
                env.enableCheckpointing(Math.max(1, interval / 1_000_000L));
                if (out != null) {
                    try (AtomicOutput file = AtomicOutput.create(out, "--out", "features.parquet")) {
                        FeatureTable table = backfill != null ? backfill.run(env, start, end) : log.table(env);
                        table.writeParquet(file.temp());
                        file.commit();
                        System.out.printf(Locale.ROOT, "flink: %,d rows x %d columns at parallelism %d in %.2f s -> %s%n", table.rowCount(),
                                table.columnCount(), p, (System.nanoTime() - started) / 1e9, out);
                    }
                } else if (toKafka || toStorage) {
                    JobOutputs outputs = backfill != null ? backfill.outputs(env, start, end, vectors) : live != null ? live.outputs(env, vectors)
                            : log.outputs(env, vectors);
                    List<String> topics = new java.util.ArrayList<>();
                    if (toKafka && features) {
                        KafkaRun.toKafka(outputs.features(), c.config(), output);
                        topics.add(output.prefix() + ".features");
                    }
                    if (toKafka && vectors) {
                        KafkaRun.vectorsToKafka(outputs.vectors(), output);
                        topics.add(output.prefix() + ".vectors");
                    }
                    if (toStorage) {
                        StorageSink.attach(outputs.features(), c.yaml(), c.name(), p, storage.location());
                    }
                    env.execute("featurizer " + c.name());
                    System.out.printf(Locale.ROOT, "flink: %s committed to %s at parallelism %d in %.2f s%n", vectors ? features ? "feature outputs and vectors"
                            : "combined vectors" : "feature outputs", toKafka ? String.join(" and ", topics) : "storage " + storage.root, p,
                            (System.nanoTime() - started) / 1e9);
                } else if (vectors) {
                    JobOutputs outputs = backfill != null ? backfill.outputs(env, start, end, true) : live != null ? live.outputs(env, true)
                            : log.outputs(env, true);
                    long printed = outputs.printVectors("featurizer " + c.name(), System.out);
                    System.out.printf(Locale.ROOT, "flink: %,d combined vectors at parallelism %d in %.2f s%n", printed, p, (System.nanoTime() - started) / 1e9);
                } else {
                    long printed = backfill != null ? backfill.print(env, start, end, System.out)
                            : live != null ? live.print(env, System.out) : log.print(env, System.out);
                    System.out.printf(Locale.ROOT, "flink: %,d feature outputs at parallelism %d in %.2f s%n", printed, p, (System.nanoTime() - started) / 1e9);
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the Flink job failed: " + e.getMessage(), e);
            }
        }
    }

    /** "; did you mean 'x'?" for a misspelt value (a URL's scheme compared as "scheme://"), or "". */
    static String nearest(String value, String... known) {
        String v = value.trim();
        int scheme = v.indexOf("://");
        return NearestName.suggestion(scheme > 0 ? v.substring(0, scheme + 3) : v, List.of(known));
    }
}
