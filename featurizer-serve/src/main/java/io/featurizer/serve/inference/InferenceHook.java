package io.featurizer.serve.inference;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The inference hook of a serve run: one {@link InferenceLoop} per model over the graph's combined vectors, and the
 * models' outputs served as features next to the graph's.
 *
 * <p>On the engine thread, {@link #onVector} hands the vector to every loop (no waiting) and returns the vector the
 * server publishes: the graph's outputs, then each model's feature {@code model.<name>} with its newest prediction
 * (times and {@code input_seq} of the vector it was computed from; absent before the first). Build the server's hub,
 * and any {@code --out} writer, over {@link #servedFeatures()}. So a prediction reaches pull and push clients with
 * the next vector published after it; {@code GET /v1/models} ({@link ModelEndpoints}) shows it at once, with the counts.
 *
 * <p>Recording: pass a {@link ModelOutputs} (e.g. {@link ModelRecording}) to also receive every prediction on the
 * inference threads, for storage.
 */
public final class InferenceHook implements AutoCloseable {
    private final List<Feature> graphOutputs;
    private final List<Feature> served;
    private final List<InferenceLoop> loops = new ArrayList<>();
    private final InferenceLoop[] loopArray;
    private final Event[] events;
    private final boolean[] present;
    private final GroupedNamedDataEvent extended;

    /**
     * Starts one loop per model.
     *
     * @param graphOutputs the graph's combined outputs, in vector order
     * @param versions     per model, a version for its output feature's key (e.g. a hash of its weights)
     * @param also         receives every prediction too (on the loop's thread), or null
     */
    public InferenceHook(List<Feature> graphOutputs, List<InferenceModel> models, List<String> versions, ModelOutputs also) {
        if (models.size() != versions.size()) {
            throw new IllegalArgumentException(models.size() + " models, " + versions.size() + " versions");
        }
        this.graphOutputs = List.copyOf(graphOutputs);
        List<Feature> all = new ArrayList<>(graphOutputs);
        ModelOutputs sink = also == null ? (model, input, seq, out) -> { } : also;
        for (int m = 0; m < models.size(); m++) {
            InferenceModel model = models.get(m);
            Feature out = ModelFeature.of(model.name(), model.outputs(), versions.get(m), graphOutputs);
            for (Feature f : all) {
                if (f.name().equals(out.name())) {
                    throw new IllegalArgumentException("two outputs are named " + out.name() + ": give the models distinct names");
                }
            }
            all.add(out);
            loops.add(new InferenceLoop(model, graphOutputs, out, sink));
        }
        this.served = List.copyOf(all);
        this.loopArray = loops.toArray(new InferenceLoop[0]);
        this.events = new Event[served.size()];
        this.present = new boolean[served.size()];
        this.extended = new GroupedNamedDataEvent(served, events, present);
    }

    /** The graph's outputs, then one {@code model.<name>} feature per model: the features the server publishes. */
    public List<Feature> servedFeatures() {
        return served;
    }

    public List<InferenceLoop> loops() {
        return List.copyOf(loops);
    }

    /**
     * On the engine thread, for every combined vector: offers it to every model and returns the vector to publish
     * (a view, reused: valid until the next call; its graph events are {@code v}'s, valid while {@code v} is).
     */
    public GroupedNamedDataEvent onVector(GroupedNamedDataEvent v, long seq) {
        for (InferenceLoop loop : loopArray) {
            loop.offer(v, seq);
        }
        int n = graphOutputs.size();
        for (int i = 0; i < n; i++) {
            Event e = v.event(i);
            events[i] = e;
            present[i] = e != null;
        }
        for (int m = 0; m < loopArray.length; m++) {
            FeatureEvent out = loopArray[m].latestOutput();
            events[n + m] = out;
            present[n + m] = out != null;
        }
        extended.setTimes(v.ts(), v.receiptTs());
        return extended;
    }

    /** Stops every loop after its last waiting vector; call once the engine has stopped. */
    @Override
    public void close() {
        loops.forEach(InferenceLoop::close);
    }
}
