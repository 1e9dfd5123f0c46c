package io.featurizer.serve.inference;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.Params;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The feature a model's outputs are served and recorded as: named {@code model.<name>}, fields = the model's outputs
 * (DOUBLE) then {@code input_seq} (LONG, the sequence of the input vector), times = the input vector's. Its children
 * are the features of the vector the model reads, and its key covers the model's name, outputs and version (e.g. a
 * hash of its weights), so another model or other weights record into another stream.
 *
 * <p>The definition only describes the stream: the inference hook computes it, never a graph.
 */
public final class ModelFeature extends FeatureDefinition {
    public static final String NAME = "model.inference";
    public static final String INPUT_SEQ = "input_seq";
    static final ModelFeature DEFINITION = new ModelFeature();
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ModelFeature() {
    }

    /** The output feature of {@code model} over a vector of {@code inputs}; {@code version} tells two fits of one model apart. */
    public static Feature of(String model, List<String> outputs, String version, List<Feature> inputs) {
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new IllegalArgumentException("model name '" + model + "': expected 1 to 64 letters, digits, '_' or '-'");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("model " + model + " has no outputs");
        }
        Params p = Params.of("model", model, "outputs", String.join(",", outputs), "version", version);
        return Feature.of(DEFINITION, p, inputs).named("model." + model);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "Model";
    }

    @Override
    public Schema schema(Params params) {
        Schema.Builder b = Schema.builder("model_" + params.requireString("model"));
        for (String o : Arrays.asList(params.requireString("outputs").split(","))) {
            if (o.isBlank() || o.equals(INPUT_SEQ)) {
                throw new IllegalArgumentException("model output '" + o + "': expected a non-empty name other than " + INPUT_SEQ);
            }
            b.addDouble(o);
        }
        return b.addLong(INPUT_SEQ).build();
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of();
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        throw new UnsupportedOperationException(NAME + " is computed by the inference hook (InferenceLoop), not by a graph");
    }
}
