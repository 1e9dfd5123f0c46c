package io.featurizer.serve.inference;

import io.featurizer.core.feature.GroupedNamedDataEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.featurizer.serve.inference.LogisticRegressionTest.MID;
import static io.featurizer.serve.inference.LogisticRegressionTest.SPREAD;
import static io.featurizer.serve.inference.LogisticRegressionTest.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --model} values: a weights file or a class on the class path, an optional name, and the errors. */
class ModelSpecTest {
    @TempDir
    Path dir;

    /** A user's model: the spread in basis points of the mid. */
    public static final class SpreadBps implements InferenceModel {
        @Override
        public String name() {
            return "spread_bps";
        }

        @Override
        public List<String> outputs() {
            return List.of("bps");
        }

        @Override
        public void predict(GroupedNamedDataEvent v, double[] out) {
            out[0] = v.event(1).getDouble(0) * 10_000;
        }
    }

    @Test
    void aClassOnTheClassPathIsAModelUnderItsOwnNameOrTheGivenOne() {
        ModelSpec.Loaded m = ModelSpec.load("class:" + SpreadBps.class.getName(), List.of(MID, SPREAD));
        assertEquals("spread_bps", m.model().name());
        double[] out = new double[1];
        m.model().predict(vector(100.0, 0.0003), out);
        assertEquals(3.0, out[0], 1e-12);
        InferenceModel named = ModelSpec.load("b=class:" + SpreadBps.class.getName(), List.of(MID, SPREAD)).model();
        assertEquals("b", named.name());
        assertEquals(List.of("bps"), named.outputs());
    }

    @Test
    void aWeightsFileIsNamedLogregUnlessNamed() throws Exception {
        Path w = dir.resolve("w.json");
        Files.writeString(w, "{\"model\": \"logreg\", \"inputs\": [\"mid-mid_price\"], \"weights\": [2], \"bias\": -1}");
        ModelSpec.Loaded m = ModelSpec.load("logreg:" + w, List.of(MID, SPREAD));
        assertEquals("logreg", m.model().name());
        assertEquals("up", ModelSpec.load("up=logreg:" + w, List.of(MID, SPREAD)).model().name());
        double[] out = new double[1];
        m.model().predict(vector(0.5, 0.1), out); // z = 2 * 0.5 - 1 = 0
        assertEquals(0.5, out[0], 0.0);
        Files.writeString(w, "{\"model\": \"logreg\", \"inputs\": [\"mid-mid_price\"], \"weights\": [3], \"bias\": -1}");
        assertTrue(!m.version().equals(ModelSpec.load("logreg:" + w, List.of(MID, SPREAD)).version()), "other weights, other version");
    }

    @Test
    void badSpecsSayWhatIsExpected() {
        for (String bad : new String[]{"logreg", "x=", "svm:a.json", "class:java.lang.String", "class:no.such.Model", "logreg:" + dir.resolve("none.json")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.load(bad, List.of(MID, SPREAD)), bad);
            assertTrue(e.getMessage().startsWith("--model '" + bad + "'"), e.getMessage());
        }
    }
}
