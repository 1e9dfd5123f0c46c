package io.featurizer.serve.inference;

import io.featurizer.core.feature.Feature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code --model} value: {@code [NAME=]KIND:ARG}.
 * <ul>
 *   <li>{@code logreg:weights.json}: a {@link LogisticRegression} weights file ({@code featurizer model fit} writes one);</li>
 *   <li>{@code class:com.acme.MyModel}: an {@link InferenceModel} class on the class path with a public no-argument constructor.</li>
 * </ul>
 * NAME names the output feature {@code model.<NAME>} (default: the kind, or the class's {@code name()}).
 */
public final class ModelSpec {
    public static final String EXPECTED = "[NAME=]logreg:WEIGHTS.json or [NAME=]class:FULLY.QUALIFIED.ClassName";

    /** A model ready for vectors of the graph's outputs, and its version (a hash of its weights, or its class). */
    public record Loaded(InferenceModel model, String version) {
    }

    private ModelSpec() {
    }

    /**
     * @throws IllegalArgumentException one line naming the spec and what is wrong (unknown kind, missing file, a column the vector lacks)
     */
    public static Loaded load(String spec, List<Feature> graphOutputs) {
        String s = spec.strip();
        String name = null;
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq > 0 && (colon < 0 || eq < colon)) {
            name = s.substring(0, eq);
            s = s.substring(eq + 1);
            colon = s.indexOf(':');
        }
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("--model '" + spec + "': expected " + EXPECTED);
        }
        String kind = s.substring(0, colon);
        String arg = s.substring(colon + 1);
        switch (kind) {
            case LogisticRegression.KIND -> {
                Path file = Path.of(arg);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--model '" + spec + "': no weights file " + file + " (write one with 'featurizer model fit')");
                }
                LogisticRegression lr;
                try {
                    lr = LogisticRegression.read(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                String n = name == null ? LogisticRegression.KIND : name;
                try {
                    return new Loaded(lr.bind(n, graphOutputs), lr.version());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--model '" + spec + "': " + e.getMessage());
                }
            }
            case "class" -> {
                InferenceModel m;
                try {
                    Class<?> c = Class.forName(arg);
                    if (!InferenceModel.class.isAssignableFrom(c)) {
                        throw new IllegalArgumentException("--model '" + spec + "': " + arg + " does not implement " + InferenceModel.class.getName());
                    }
                    m = (InferenceModel) c.getConstructor().newInstance();
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("--model '" + spec + "': no class " + arg + " on the class path");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("--model '" + spec + "': cannot create " + arg + " with a public no-argument constructor (" + e + ")");
                }
                InferenceModel model = name == null ? m : renamed(m, name);
                return new Loaded(model, arg);
            }
            default -> throw new IllegalArgumentException("--model '" + spec + "': unknown kind '" + kind + "'; expected " + EXPECTED);
        }
    }

    private static InferenceModel renamed(InferenceModel m, String name) {
        return new InferenceModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> outputs() {
                return m.outputs();
            }

            @Override
            public void predict(io.featurizer.core.feature.GroupedNamedDataEvent vector, double[] out) {
                m.predict(vector, out);
            }

            @Override
            public void close() {
                m.close();
            }
        };
    }
}
