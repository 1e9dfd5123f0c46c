package io.featurizer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.storage.Storage;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineFeatureStreamGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
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

    @Option(names = "--out", description = "Write the JSON lines to this file (default: standard output).")
    Path out;

    @Override
    public void run() {
        FeaturizerConfig c = FeaturizerConfig.load(config);
        long start = range.start(c);
        long end = range.end(c, "replay");
        MergeOrder merge = range.merge(c);
        long vectors = 0;
        OutputFile file = out == null ? null : new OutputFile(out, "--out");
        try (Storage s = storage.openForReading();
             OfflineFeatureStreamGenerator vectorsOf = new OfflineFeatureStreamGenerator(s, c, start, end).order(merge)) {
            List<Feature> missing = vectorsOf.sourcesWithoutData();
            if (!missing.isEmpty()) {
                throw new FeaturizerCli.UserError("no stored data in " + range(start, end) + " in " + storage.root + " for "
                        + missing.stream().map(ReplayCommand::describe).toList() + "; record or ingest it first");
            }
            Writer w = out == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16) : writer(file.temp());
            try (JsonLines lines = new JsonLines(w, c.features())) {
                while (vectorsOf.hasNext()) {
                    lines.write(vectorsOf.next());
                    vectors++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the vectors" + (out == null ? "" : " to " + out), e);
            } finally {
                closeUnlessStdout(w);
            }
            if (file != null) {
                file.commit();
            }
            String summary = String.format(Locale.ROOT, "replayed %,d input events in %s into %,d combined vectors%s", vectorsOf.inputEvents(),
                    range(start, end), vectors, out == null ? "" : " -> " + out);
            (out == null ? System.err : System.out).println(summary);
        } finally {
            if (file != null) {
                file.close();
            }
        }
    }

    private static Writer writer(Path file) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FeaturizerCli.UserError("--out " + file + ": cannot create the file (" + e + ")");
        }
    }

    /** Flushes the vectors; closes a file, never standard output. */
    private void closeUnlessStdout(Writer w) {
        try {
            if (out == null) {
                w.flush();
            } else {
                w.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the vectors" + (out == null ? "" : " to " + out), e);
        }
    }

    private static String describe(Feature source) {
        var p = source.params();
        return source.definition().name() + " " + p.getString("exchange", "?") + " " + p.getString("instrument_type", "?") + " "
                + p.getString("symbol", "?");
    }

    private static String range(long start, long end) {
        return "[" + (start == Long.MIN_VALUE ? "first stored event" : VectorFormat.time(start)) + ", "
                + (end == Long.MAX_VALUE ? "last stored event" : VectorFormat.time(end)) + "]";
    }

    /** Writes combined vectors as JSON lines with precomputed {@code {name}-{field}} keys. */
    static final class JsonLines implements AutoCloseable {
        private final JsonGenerator json;
        private final String[][] keys;

        JsonLines(Writer out, List<Feature> features) throws IOException {
            this.json = new JsonFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller owns the writer
            json.setRootValueSeparator(null); // one object per line: the newline is the only separator
            this.keys = new String[features.size()][];
            for (int i = 0; i < features.size(); i++) {
                Schema s = features.get(i).schema();
                keys[i] = new String[s.size()];
                for (int f = 0; f < s.size(); f++) {
                    keys[i][f] = features.get(i).name() + "-" + s.field(f).name();
                }
            }
        }

        void write(GroupedNamedDataEvent g) throws IOException {
            json.writeStartObject();
            json.writeNumberField("timestamp", g.ts());
            json.writeNumberField("receipt_timestamp", g.receiptTs());
            for (int i = 0; i < g.size(); i++) {
                Event e = g.event(i);
                Schema s = g.feature(i).schema();
                for (int f = 0; f < s.size(); f++) {
                    json.writeFieldName(keys[i][f]);
                    if (e == null) {
                        json.writeNull();
                    } else if (s.type(f) == FieldType.LONG) {
                        json.writeNumber(e.getLong(f));
                    } else if (s.type(f) == FieldType.DOUBLE) {
                        number(e.getDouble(f));
                    } else {
                        double[] values = e.getArray(f);
                        json.writeStartArray();
                        for (int k = 0, n = e.arrayLength(f); k < n; k++) {
                            number(values[k]);
                        }
                        json.writeEndArray();
                    }
                }
            }
            json.writeEndObject();
            json.writeRaw('\n');
        }

        private void number(double v) throws IOException {
            if (Double.isFinite(v)) {
                json.writeNumber(v);
            } else {
                json.writeNull();
            }
        }

        @Override
        public void close() throws IOException {
            json.close(); // flushes into the writer
        }
    }
}
