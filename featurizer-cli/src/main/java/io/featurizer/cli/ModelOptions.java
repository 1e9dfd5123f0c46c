package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.offline.VectorJsonLines;
import io.featurizer.serve.Routes;
import io.featurizer.serve.inference.InferenceHook;
import io.featurizer.serve.inference.InferenceLoop;
import io.featurizer.serve.inference.InferenceModel;
import io.featurizer.serve.inference.ModelEndpoints;
import io.featurizer.serve.inference.ModelRecording;
import io.featurizer.serve.inference.ModelSpec;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.Recorder;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code featurizer serve}'s inference hook and recording options: {@code --model} (repeatable), {@code --out} (every
 * served vector, model outputs included, as JSON lines: the format of {@code live --out}) and {@code --record-models}
 * (every prediction into storage through the recorder, as the model's feature stream).
 */
final class ModelOptions {
    @Option(names = "--model", description = "Run a model on each combined vector on its own thread (newest vector only; stale ones are skipped and counted) "
            + "and serve its outputs as the feature model.NAME: " + ModelSpec.EXPECTED + " (repeatable). See 'featurizer model fit'.")
    List<String> models = List.of();

    @Option(names = "--out", description = "Also write every served vector (model outputs included) to this file as JSON lines with its sequence, "
            + "as 'live --out' does; written under a temporary name beside it and renamed when the run stops.")
    Path out;

    @Option(names = "--record-models", description = "Also record every prediction into --storage as the model's feature stream (journal, then Parquet blocks).")
    boolean recordModels;

    /** Whether the engine thread writes a file (--out): {@code --delivery auto} then keeps it off the socket readers. */
    boolean writesFiles() {
        return out != null;
    }

    /** What a serve run publishes: the graph's vectors, extended with the models' outputs, and written to --out. */
    Served open(FeaturizerConfig config, StorageOptions storage) {
        if (recordModels && models.isEmpty()) {
            throw new FeaturizerCli.UserError("--record-models records the outputs of --model: give a --model");
        }
        List<Feature> outs = config.features();
        List<InferenceModel> loaded = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (String spec : models) {
            try {
                ModelSpec.Loaded m = ModelSpec.load(spec, outs);
                loaded.add(m.model());
                versions.add(m.version());
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError(e.getMessage());
            }
        }
        return new Served(outs, loaded, versions, out, recordModels ? storage : null);
    }

    /** The run's publishing side; {@link #onVector} runs on the engine thread. */
    static final class Served implements AutoCloseable {
        private final InferenceHook hook;
        private final List<Feature> features;
        private final Storage storage;
        private final Recorder recorder;
        private final AtomicOutput file;
        private final Writer writer;
        private final VectorJsonLines lines;
        private final Path out;
        private final Path storageRoot;
        private IOException failed;
        private long written;

        Served(List<Feature> outs, List<InferenceModel> models, List<String> versions, Path out, StorageOptions storageOptions) {
            this.out = out;
            this.storageRoot = storageOptions == null ? null : storageOptions.root;
            Storage s = null;
            Recorder r = null;
            AtomicOutput f = null;
            Writer w = null;
            try {
                if (storageOptions != null) {
                    s = storageOptions.open();
                    r = Recorder.open(s, storageOptions.root.resolve("journal-models"), FsyncPolicy.interval(java.time.Duration.ofMillis(100)),
                            Compactors.parse("1m"));
                }
                hook = models.isEmpty() ? null : new InferenceHook(outs, models, versions, r == null ? null : new ModelRecording(r));
                features = hook == null ? outs : hook.servedFeatures();
                if (out != null) {
                    f = AtomicOutput.create(out, "--out", "vectors.jsonl");
                    w = Files.newBufferedWriter(f.temp(), StandardCharsets.UTF_8);
                    lines = new VectorJsonLines(w, features);
                } else {
                    lines = null;
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(w, f, r, s); // what was opened before the failure
                if (e instanceof IOException io) {
                    throw new UncheckedIOException("cannot write " + out, io);
                }
                throw e instanceof IllegalArgumentException ? new FeaturizerCli.UserError(e.getMessage()) : (RuntimeException) e;
            }
            this.storage = s;
            this.recorder = r;
            this.file = f;
            this.writer = w;
        }

        private static void closeQuietly(Writer w, AtomicOutput f, Recorder r, Storage s) {
            try {
                if (w != null) {
                    w.close();
                }
            } catch (IOException ignored) {
                // failing already
            }
            if (f != null) {
                f.close();
            }
            if (r != null) {
                r.close();
            }
            if (s != null) {
                s.close();
            }
        }

        /** The features the hub serves: the config's outputs, then {@code model.NAME} per model. */
        List<Feature> features() {
            return features;
        }

        /** The models' counters in /metrics, when there are models. */
        void watchedBy(io.featurizer.serve.ServeMetrics metrics) {
            if (hook != null) {
                metrics.watch(hook);
            }
        }

        /** GET /v1/models, when there are models. */
        List<Routes> routes() {
            return hook == null ? List.of() : List.of(new ModelEndpoints(hook));
        }

        /** On the engine thread: hands the vector to the models and returns what to publish (written to --out too). */
        GroupedNamedDataEvent onVector(GroupedNamedDataEvent v, long seq) {
            GroupedNamedDataEvent served = hook == null ? v : hook.onVector(v, seq);
            if (lines != null && failed == null) {
                try {
                    lines.write(served, seq, written++);
                } catch (IOException e) {
                    failed = e;
                }
            }
            return served;
        }

        /** After the engine stopped: runs the models on their last vector, stores their outputs, commits --out; prints what happened. */
        void finish(PrintStream print) {
            if (hook != null) {
                hook.close();
                for (InferenceLoop loop : hook.loops()) {
                    InferenceLoop.InferenceStats st = loop.stats();
                    print.printf(Locale.ROOT, "model %s: %,d vectors, %,d predicted, %,d skipped while it was busy, %,d errors%n", loop.outputFeature().name(),
                            st.delivered(), st.predicted(), st.skipped(), st.errors());
                }
            }
            if (recorder != null) {
                recorder.flush();
                print.printf(Locale.ROOT, "recorded the model outputs into %s (%,d blocks)%n", storageRoot, recorder.blocksWritten());
            }
            if (lines != null) {
                try {
                    if (failed != null) {
                        throw failed;
                    }
                    lines.close();
                    writer.close();
                    file.commit();
                    print.println("wrote " + written + " served vectors -> " + out);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the vectors to " + out, e);
                }
            }
        }

        @Override
        public void close() {
            if (hook != null) {
                hook.close();
            }
            if (recorder != null) {
                recorder.close();
            }
            if (storage != null) {
                storage.close();
            }
            if (file != null) {
                try {
                    writer.close();
                } catch (IOException ignored) {
                    // the run failed already
                }
                file.close();
            }
        }
    }
}
