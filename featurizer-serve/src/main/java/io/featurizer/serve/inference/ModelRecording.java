package io.featurizer.serve.inference;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.storage.record.Recorder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every prediction into storage as the model's feature stream ({@code model.<name>}, definition
 * {@value ModelFeature#NAME}), through the same {@link Recorder} (journal first, then blocks) that records data
 * sources and {@code features_to_store}. Called on the inference threads; the recorder is thread-safe.
 */
public final class ModelRecording implements ModelOutputs {
    private final Recorder recorder;
    private final Map<Feature, DataSourceCallback> callbacks = new ConcurrentHashMap<>();

    public ModelRecording(Recorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void onPrediction(Feature model, GroupedNamedDataEvent input, long inputSeq, FeatureEvent output) {
        callbacks.computeIfAbsent(model, recorder::callback).onEvent(model, output);
    }
}
