package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.storage.Storage;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.ComputeReport;
import io.featurizer.offline.compute.ComputeResult;
import io.featurizer.offline.compute.MissingDataException;
import io.featurizer.offline.MergeOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code featurizer compute --config x.yaml --out features.parquet}: batch compute (Kappa) over stored data,
 * chunked over all cores, into a Parquet feature table, or a feature-label set when the config has
 * {@code label_feature} and {@code label_lookahead}. See {@link BatchCompute} for what the table holds.
 */
@Command(name = "compute", mixinStandardHelpOptions = true,
        description = "Compute a config's features (and label) over stored data into a Parquet feature table, in parallel chunks.")
final class ComputeCommand implements Runnable {
    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format); label_feature, label_lookahead and "
            + "features_to_store are used.")
    Path config;

    @Mixin
    StorageOptions storage;

    @Mixin
    StoredRangeOptions range;

    @Option(names = {"-o", "--out"}, required = true, description = "The Parquet file to write (replaced if it exists, and only when the whole table is written).")
    Path out;

    @Option(names = {"-p", "--parallelism"}, description = "Threads (default: the number of cores, ${DEFAULT-VALUE}).")
    int parallelism = Runtime.getRuntime().availableProcessors();

    @Option(names = "--chunk", description = "Chunk length, e.g. 10m (default: about four chunks per thread, each at least 16 lookbacks long).")
    String chunk;

    @Option(names = "--recompute", description = "Recompute every feature even where stored feature blocks cover the range.")
    boolean recompute;

    @Option(names = "--no-progress", description = "No progress (a bar on a terminal, else a line every 5 s on standard error).")
    boolean noProgress;

    @Override
    public void run() {
        FeaturizerConfig c = FeaturizerConfig.load(config, storage.symbolListing());
        long start = range.start(c);
        long end = range.end(c, "compute");
        if (parallelism < 1) {
            throw new FeaturizerCli.UserError("--parallelism " + parallelism + ": expected at least 1 thread");
        }
        MergeOrder merge = range.merge(c);
        long chunkNanos = chunk == null ? 0 : DemoCommand.duration(chunk, "--chunk");
        Progress[] progress = new Progress[1];
        try (AtomicOutput file = AtomicOutput.create(out, "--out", "features.parquet")) {
            ComputeResult result;
            try (Storage s = storage.open()) {
                BatchCompute compute = BatchCompute.of(s, c).order(merge).parallelism(parallelism).chunkNanos(chunkNanos).useStored(!recompute)
                        .onStart(p -> progress[0] = noProgress ? null : Progress.start("compute", p.totalNanos() / 1_000_000, " s", 1000,
                                () -> p.doneNanos() / 1_000_000));
                result = compute.run(start, end);
                if (progress[0] != null) {
                    progress[0].finish(true);
                }
            } catch (MissingDataException e) {
                throw new FeaturizerCli.UserError(e.getMessage() + " (storage " + storage.root + ")");
            } finally {
                if (progress[0] != null) {
                    progress[0].close();
                }
            }
            // the whole table goes to a temporary file beside --out, renamed over it only when complete
            result.table().writeParquet(file.temp());
            file.commit();
            System.out.println(summary(result));
        }
    }

    private String summary(ComputeResult result) {
        ComputeReport r = result.report();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "computed %,d rows x %d columns from %,d input events in [%s, %s] in %.2f s "
                        + "(%,.0f input events/s, %d threads, %d chunks)", r.rows(), result.table().columnCount(), r.inputEvents(),
                VectorFormat.time(r.from()), VectorFormat.time(r.to()), r.elapsedNanos() / 1e9, r.inputEventsPerSecond(), r.threads(), r.chunks()));
        if (!r.reused().isEmpty()) {
            sb.append("; reused stored ").append(String.join(", ", r.reused()));
        }
        if (!r.stale().isEmpty()) {
            sb.append("; recomputed ").append(String.join(", ", r.stale())).append(" (their stored blocks were computed from input data that has changed since)");
        }
        if (!r.stored().isEmpty()) {
            sb.append("; stored ").append(String.join(", ", r.stored()));
        }
        return sb.append(" -> ").append(out).toString();
    }
}
