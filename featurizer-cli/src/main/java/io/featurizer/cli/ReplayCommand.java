package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.Storage;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.VectorJsonLines;
import io.featurizer.offline.OfflineFeatureStreamGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code featurizer replay --config x.yaml}: replays stored data sources through the config's combined
 * graph and writes every combined vector as one JSON line:
 * {@code {"timestamp":..,"receipt_timestamp":..,"{name}-{field}":value,...}} (NaN and missing values are null,
 * book levels are arrays).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay stored data sources through a config's features and print (or write) the combined vectors as JSON lines.")
final class ReplayCommand implements Runnable {
    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    Path config;

    @Mixin
    StorageOptions storage;

    @Mixin
    StoredRangeOptions range;

    @Option(names = "--out", description = "Write the JSON lines to this file, complete or not at all: written under a temporary name beside it, "
            + "renamed when done (default: standard output).")
    Path out;

    @Override
    public void run() {
        FeaturizerConfig c = FeaturizerConfig.load(config, storage.symbolListing());
        long start = range.start(c);
        long end = range.end(c, "replay");
        MergeOrder merge = range.merge(c);
        long vectors = 0;
        try (AtomicOutput file = out == null ? null : AtomicOutput.create(out, "--out", "vectors.jsonl");
             Storage s = storage.openForReading();
             OfflineFeatureStreamGenerator vectorsOf = new OfflineFeatureStreamGenerator(s, c, start, end).order(merge)) {
            requireData(vectorsOf.sourcesWithoutData(), start, end, storage);
            try (Writer w = file == null ? new BufferedWriter(new OutputStreamWriter(new NonClosing(System.out), StandardCharsets.UTF_8), 1 << 16)
                    : Files.newBufferedWriter(file.temp(), StandardCharsets.UTF_8);
                 VectorJsonLines lines = new VectorJsonLines(w, c.features())) {
                while (vectorsOf.hasNext()) {
                    lines.write(vectorsOf.next());
                    vectors++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the vectors" + (out == null ? "" : " to " + out), e);
            }
            if (file != null) {
                file.commit();
            }
            String summary = String.format(Locale.ROOT, "replayed %,d input events in %s into %,d combined vectors%s", vectorsOf.inputEvents(),
                    range(start, end), vectors, out == null ? "" : " -> " + out);
            (out == null ? System.err : System.out).println(summary);
        }
    }

    /** Standard output under a writer that is closed: flushed, never closed. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A user error naming the data sources without stored data in the range, if any. */
    static void requireData(List<Feature> missing, long start, long end, StorageOptions storage) {
        if (!missing.isEmpty()) {
            throw new FeaturizerCli.UserError("no stored data in " + range(start, end) + " in " + storage.root + " for "
                    + missing.stream().map(ReplayCommand::describe).toList() + "; record or ingest it first");
        }
    }

    private static String describe(Feature source) {
        var p = source.params();
        return source.definition().name() + " " + p.getString("exchange", "?") + " " + p.getString("instrument_type", "?") + " "
                + p.getString("symbol", "?");
    }

    static String range(long start, long end) {
        return "[" + (start == Long.MIN_VALUE ? "first stored event" : VectorFormat.time(start)) + ", "
                + (end == Long.MAX_VALUE ? "last stored event" : VectorFormat.time(end)) + "]";
    }
}
