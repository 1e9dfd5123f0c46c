package io.featurizer.serve.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logistic regression: {@code probability = sigmoid(b + Σ w_j (x_j − center_j) / scale_j)}, where {@code x} are
 * vector columns named as in a feature table and {@code replay --out} ({@code {feature}-{field}}, scalar fields only).
 * Without centers and scales (0 and 1) this is {@code sigmoid(w·x + b)}. A fit stores each column's mean and standard
 * deviation there, so the weights are per standard deviation (comparable across inputs) and a column far from zero
 * (a price) or with a tiny spread (a relative spread) costs no precision. Output {@code probability} is NaN while any
 * input has no value (the feature has not produced one yet) or is NaN.
 *
 * <p>The weights file ({@link #write}, {@link #read}) is JSON: {@code {"model": "logreg", "inputs": [...],
 * "weights": [...], "bias": b, "center": [...], "scale": [...], "fit": {...}}} ({@code center} and {@code scale}
 * optional), where {@code fit} records how the weights were made (table, label, rows, scores) for people; it is not
 * read back.
 */
public final class LogisticRegression {
    public static final String KIND = "logreg";
    public static final List<String> OUTPUTS = List.of("probability");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<String> inputs;
    private final double[] weights;
    private final double bias;
    private final double[] center;
    private final double[] scale;
    private final Map<String, Object> fit;

    /** {@code sigmoid(w·x + b)}. */
    public LogisticRegression(List<String> inputs, double[] weights, double bias, Map<String, Object> fit) {
        this(inputs, weights, bias, new double[weights.length], filled(weights.length, 1.0), fit);
    }

    /** {@code sigmoid(b + Σ w_j (x_j − center_j) / scale_j)}. */
    public LogisticRegression(List<String> inputs, double[] weights, double bias, double[] center, double[] scale, Map<String, Object> fit) {
        if (inputs.size() != weights.length || inputs.isEmpty() || center.length != weights.length || scale.length != weights.length) {
            throw new IllegalArgumentException(inputs.size() + " inputs, " + weights.length + " weights, " + center.length + " centers and " + scale.length
                    + " scales: expected one of each per input, at least one input");
        }
        for (double v : scale) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("scale " + v + ": expected positive numbers");
            }
        }
        this.inputs = List.copyOf(inputs);
        this.weights = weights.clone();
        this.bias = bias;
        this.center = center.clone();
        this.scale = scale.clone();
        this.fit = fit == null ? Map.of() : new LinkedHashMap<>(fit);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    public double[] center() {
        return center.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    public List<String> inputs() {
        return inputs;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    /** How the weights were made (written into the file for people). */
    public Map<String, Object> fitInfo() {
        return fit;
    }

    /** The probability over one row of inputs, in {@link #inputs()} order; NaN when an input is NaN. */
    public double probability(double[] x) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * ((x[i] - center[i]) / scale[i]);
        }
        return sigmoid(z);
    }

    /** The logistic function, without overflow for large |z|. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** A short content hash of the inputs, weights and bias: the served feature's version, so other weights record elsewhere. */
    public String version() {
        StringBuilder sb = new StringBuilder(String.join(",", inputs)).append('|').append(Double.doubleToLongBits(bias));
        for (int i = 0; i < weights.length; i++) {
            sb.append(',').append(Double.doubleToLongBits(weights[i])).append('/').append(Double.doubleToLongBits(center[i]))
                    .append('/').append(Double.doubleToLongBits(scale[i]));
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /**
     * This model on vectors of {@code features}: each input column resolved once to its feature and field.
     *
     * @throws IllegalArgumentException naming the columns the vector does not have, and the ones it has
     */
    public InferenceModel bind(String name, List<Feature> features) {
        int[] feature = new int[inputs.size()];
        int[] field = new int[inputs.size()];
        List<String> missing = new ArrayList<>();
        List<String> available = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            feature[i] = -1;
            for (int f = 0; f < features.size() && feature[i] < 0; f++) {
                Schema s = features.get(f).schema();
                for (int k = 0; k < s.size(); k++) {
                    if (s.type(k) != FieldType.DOUBLE_ARRAY && (features.get(f).name() + "-" + s.field(k).name()).equals(inputs.get(i))) {
                        feature[i] = f;
                        field[i] = k;
                        break;
                    }
                }
            }
            if (feature[i] < 0) {
                missing.add(inputs.get(i));
            }
        }
        if (!missing.isEmpty()) {
            for (Feature f : features) {
                for (int k = 0; k < f.schema().size(); k++) {
                    if (f.schema().type(k) != FieldType.DOUBLE_ARRAY) {
                        available.add(f.name() + "-" + f.schema().field(k).name());
                    }
                }
            }
            throw new IllegalArgumentException("the model reads " + missing + ", which the config's combined vector does not have; its scalar columns: " + available);
        }
        return new Bound(name, feature, field);
    }

    /** The model over a vector whose columns are resolved. */
    private final class Bound implements InferenceModel {
        private final String name;
        private final int[] feature;
        private final int[] field;
        private final double[] x;

        Bound(String name, int[] feature, int[] field) {
            this.name = name;
            this.feature = feature;
            this.field = field;
            this.x = new double[feature.length];
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> outputs() {
            return OUTPUTS;
        }

        @Override
        public void predict(GroupedNamedDataEvent vector, double[] out) {
            for (int i = 0; i < feature.length; i++) {
                Event e = vector.event(feature[i]);
                x[i] = e == null ? Double.NaN : e.schema().type(field[i]) == FieldType.LONG ? e.getLong(field[i]) : e.getDouble(field[i]);
            }
            out[0] = probability(x);
        }
    }

    /** Writes the weights file (to a temporary file beside it, then renamed over it). */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", KIND);
        ArrayNode in = root.putArray("inputs");
        inputs.forEach(in::add);
        ArrayNode w = root.putArray("weights");
        for (double v : weights) {
            w.add(v);
        }
        root.put("bias", bias);
        ArrayNode c = root.putArray("center");
        ArrayNode sc = root.putArray("scale");
        for (int i = 0; i < weights.length; i++) {
            c.add(center[i]);
            sc.add(scale[i]);
        }
        root.set("fit", JSON.valueToTree(fit));
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            JSON.writeValue(temp.toFile(), root);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads a weights file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public static LogisticRegression read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object {\"model\": \"logreg\", \"inputs\": [...], \"weights\": [...], \"bias\": b}");
        }
        if (!KIND.equals(root.path("model").asText())) {
            throw new IllegalArgumentException(file + ": \"model\" is '" + root.path("model").asText() + "', expected '" + KIND + "'");
        }
        JsonNode in = root.path("inputs");
        JsonNode w = root.path("weights");
        if (!in.isArray() || !w.isArray() || in.size() != w.size() || in.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected \"inputs\" (column names) and \"weights\" (numbers) as arrays of one equal, non-zero length");
        }
        List<String> inputs = new ArrayList<>();
        double[] weights = new double[w.size()];
        for (int i = 0; i < w.size(); i++) {
            if (!in.get(i).isTextual() || !w.get(i).isNumber()) {
                throw new IllegalArgumentException(file + ": inputs[" + i + "] must be a column name and weights[" + i + "] a number");
            }
            inputs.add(in.get(i).asText());
            weights[i] = w.get(i).asDouble();
        }
        if (!root.path("bias").isNumber()) {
            throw new IllegalArgumentException(file + ": \"bias\" must be a number");
        }
        double[] center = numbers(file, root, "center", w.size(), 0.0);
        double[] scale = numbers(file, root, "scale", w.size(), 1.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> fit = root.has("fit") ? JSON.convertValue(root.get("fit"), Map.class) : Map.of();
        try {
            return new LogisticRegression(inputs, weights, root.get("bias").asDouble(), center, scale, fit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** An optional array of n numbers; absent: n times the default. */
    private static double[] numbers(Path file, JsonNode root, String field, int n, double absent) {
        JsonNode a = root.get(field);
        if (a == null) {
            return filled(n, absent);
        }
        if (!a.isArray() || a.size() != n) {
            throw new IllegalArgumentException(file + ": \"" + field + "\" must be an array of " + n + " numbers, one per input");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (!a.get(i).isNumber()) {
                throw new IllegalArgumentException(file + ": " + field + "[" + i + "] must be a number");
            }
            v[i] = a.get(i).asDouble();
        }
        return v;
    }
}
