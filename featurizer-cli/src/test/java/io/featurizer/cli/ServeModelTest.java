package io.featurizer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurizer.cli.FeaturizerCliTest.Result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.StorageCommandsTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featurizer serve --simulator --model} with the example config: every served vector written with {@code --out}
 * carries the model's newest prediction, which equals the weights (hand-written here) applied to the vector its
 * {@code input_seq} names; {@code --record-models} stores one event per prediction; bad {@code --model} values are
 * one-line user errors.
 */

class ServeModelTest {
    static final String EXAMPLE = Path.of("..", "examples", "inference-logreg.yaml").toString();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void servedVectorsCarryTheModelAppliedToTheVectorTheyName() throws Exception {
        Path weights = dir.resolve("w.json");
        // z = 0.2 + 3 (imbalance - 0.5) / 2 - 40000 * return_1s
        Files.writeString(weights, """
                {"model": "logreg", "inputs": ["imbalance-top_imbalance", "return_1s-log_return"], "weights": [3, -40000], "bias": 0.2,
                 "center": [0.5, 0], "scale": [2, 1]}""");
        Path out = dir.resolve("served.jsonl");
        Result r = run("serve", "--config", EXAMPLE, "--simulator", "--rate", "300", "--port", "0", "--duration", "4s",
                "--model", "lr=logreg:" + weights, "--out", out.toString(), "--record-models", "--storage", dir.resolve("rec").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<JsonNode> vectors = Files.readAllLines(out).stream().map(ServeModelTest::parse).toList();
        Map<Long, JsonNode> bySeq = new HashMap<>();
        vectors.forEach(v -> bySeq.put(v.get("sequence").asLong(), v));
        int checked = 0;
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            assertEquals(i, v.get("vector").asLong());
            if (v.get("model.lr-input_seq").isNull()) {
                continue;
            }
            JsonNode in = bySeq.get(v.get("model.lr-input_seq").asLong());
            JsonNode imb = in.get("imbalance-top_imbalance"), ret = in.get("return_1s-log_return");
            JsonNode p = v.get("model.lr-probability");
            if (imb.isNull() || ret.isNull()) {
                assertTrue(p.isNull(), "no prediction without both inputs: " + v);
                continue;
            }
            double z = 0.2 + 3 * (imb.asDouble() - 0.5) / 2 - 40000 * ret.asDouble();
            assertEquals(1 / (1 + Math.exp(-z)), p.asDouble(), 1e-15, "vector " + i);
            checked++;
        }
        assertTrue(checked > 10, "checked " + checked + " of " + vectors.size() + "\n" + r.out());
        Matcher m = Pattern.compile("model model\\.lr: ([\\d,]+) vectors, ([\\d,]+) predicted, ([\\d,]+) skipped").matcher(r.out());
        assertTrue(m.find(), r.out());
        long delivered = Long.parseLong(m.group(1).replace(",", "")), predicted = Long.parseLong(m.group(2).replace(",", ""));
        assertEquals(vectors.size(), delivered);
        assertEquals(delivered - predicted, Long.parseLong(m.group(3).replace(",", "")));
        assertTrue(r.out().contains("recorded the model outputs"), r.out());
        // the recorded stream: one event per prediction, in the store's layout features/{definition}/{key}/...
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + dir.resolve("rec").resolve("features").resolve("model.inference")
                     + "/**/*.parquet')")) {
            rs.next();
            assertEquals(predicted, rs.getLong(1));
        }
    }

    @Test
    void badModelsAreOneLineUserErrors() throws Exception {
        assertUserError(run("serve", "--config", EXAMPLE, "--simulator", "--port", "0", "--model", "logreg:" + dir.resolve("none.json")), "no weights file");
        assertUserError(run("serve", "--config", EXAMPLE, "--simulator", "--port", "0", "--model", "svm:x.json"), "unknown kind 'svm'");
        assertUserError(run("serve", "--config", EXAMPLE, "--simulator", "--port", "0", "--model", "class:com.nope.Model"), "no class com.nope.Model");
        Path w = dir.resolve("w.json");
        Files.writeString(w, "{\"model\": \"logreg\", \"inputs\": [\"vol-volatility\"], \"weights\": [1], \"bias\": 0}");
        assertUserError(run("serve", "--config", EXAMPLE, "--simulator", "--port", "0", "--model", "logreg:" + w), "[vol-volatility]");
        assertUserError(run("serve", "--config", EXAMPLE, "--simulator", "--port", "0", "--record-models"), "give a --model");
        Path ok = dir.resolve("ok.json");
        Files.writeString(ok, "{\"model\": \"logreg\", \"inputs\": [\"tvi_30s-tvi\"], \"weights\": [1], \"bias\": 0}");
        assertUserError(run("serve", "--config", EXAMPLE, "--simulator", "--port", "0", "--model", "logreg:" + ok, "--model", "logreg:" + ok),
                "distinct names");
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
