package io.featurizer.serve.inference;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served logistic regression equals sigmoid(w·x + b) worked by hand; the fit recovers weights that generated the data. */
class LogisticRegressionTest {
    static final Feature BOOK = Features.l2Book("BINANCE", "spot", "BTC-USDT");
    static final Feature MID = Features.feature("price.mid_price_fd", Map.of(), BOOK).named("mid");
    static final Feature SPREAD = Features.feature("spread.relative_bid_ask_spread_fd", Map.of(), BOOK).named("spread");

    @TempDir
    Path dir;

    static GroupedNamedDataEvent vector(Double mid, Double spread) {
        FeatureEvent m = new FeatureEvent(MID.schema());
        FeatureEvent s = new FeatureEvent(SPREAD.schema());
        if (mid != null) {
            m.set(0, mid);
        }
        if (spread != null) {
            s.set(0, spread);
        }
        return new GroupedNamedDataEvent(List.of(MID, SPREAD), new Event[]{m, s}, new boolean[]{mid != null, spread != null});
    }

    @Test
    void predictionIsTheSigmoidOfTheWeightedSumWorkedByHand() throws Exception {
        // inputs in the file's order, not the vector's: spread first
        LogisticRegression lr = new LogisticRegression(List.of("spread-spread", "mid-mid_price"), new double[]{-2.0, 0.5}, 0.1, Map.of());
        Path file = dir.resolve("w.json");
        lr.write(file);
        InferenceModel model = LogisticRegression.read(file).bind("lr", List.of(MID, SPREAD));
        double[] out = new double[1];
        model.predict(vector(3.0, 0.25), out);
        // z = 0.1 + 0.5 * 3 - 2 * 0.25 = 1.1; sigmoid(1.1) = 1 / (1 + e^-1.1) = 1 / (1 + 0.33287108369807955)
        assertEquals(1 / 1.33287108369807955, out[0], 1e-15);
        assertEquals(0.7502601055951177, out[0], 1e-15);
        model.predict(vector(-10.0, 1.0), out); // z = 0.1 - 5 - 2 = -6.9
        assertEquals(1 / (1 + Math.exp(6.9)), out[0], 1e-15);
        model.predict(vector(3.0, null), out);
        assertTrue(Double.isNaN(out[0]), "no spread yet: no prediction");
        assertEquals(List.of("probability"), model.outputs());
    }

    @Test
    void aStandardizedModelCentersAndScalesEachInputFirst() throws Exception {
        // z = 0.1 + 0.5 (3 - 1) / 4 - 2 (0.25 - 0.05) / 0.1 = 0.1 + 0.25 - 4 = -3.65
        LogisticRegression lr = new LogisticRegression(List.of("mid-mid_price", "spread-spread"), new double[]{0.5, -2.0}, 0.1,
                new double[]{1, 0.05}, new double[]{4, 0.1}, Map.of());
        Path file = dir.resolve("std.json");
        lr.write(file);
        InferenceModel model = LogisticRegression.read(file).bind("lr", List.of(MID, SPREAD));
        double[] out = new double[1];
        model.predict(vector(3.0, 0.25), out);
        assertEquals(1 / (1 + Math.exp(3.65)), out[0], 1e-15);
        assertEquals(0.0253327, out[0], 1e-7); // e^3.65 = 38.4747, 1 / 39.4747
    }

    @Test
    void aModelReadingAColumnTheVectorLacksIsRefusedAtBindNamingTheColumns() {
        LogisticRegression lr = new LogisticRegression(List.of("mid-mid_price", "vol-volatility"), new double[]{1, 1}, 0, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lr.bind("lr", List.of(MID, SPREAD)));
        assertTrue(e.getMessage().contains("[vol-volatility]") && e.getMessage().contains("spread-spread"), e.getMessage());
    }

    @Test
    void aBadWeightsFileIsOneLineNamingIt() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"model\": \"logreg\", \"inputs\": [\"a\"], \"weights\": [1, 2], \"bias\": 0}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogisticRegression.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        Files.writeString(f, "not json");
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.read(f));
    }

    /**
     * Data drawn from a known model: x1 ~ N(0,1), x2 ~ N(5, 2²) (a column far from zero, as a price is), x3 ~ U(0, 1);
     * P(y=1) = sigmoid(0.8 x1 - 0.6 x2 + 2.5 x3 + 1.7). The maximum-likelihood fit must land within 6 standard errors of
     * each true weight, the standard errors taken from the Fisher information at the true weights with the inputs
     * nearly independent: se_j ≈ 1 / sqrt(Σ p(1-p) (x_j - mean_j)²) (for the bias, Σ p(1-p) over rows). With 60,000
     * rows these are about 0.01 to 0.04, so the test can fail on a wrong fit, and 6 se leaves the seed no room to.
     */
    @Test
    void theFitRecoversTheWeightsThatGeneratedTheData() {
        double[] w = {0.8, -0.6, 2.5};
        double b = 1.7;
        int n = 60_000;
        Random r = new Random(7);
        double[][] x = new double[n][3];
        int[] y = new int[n];
        double[] means = {0, 5, 0.5};
        double[] info = new double[4];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = 5 + 2 * r.nextGaussian();
            x[i][2] = r.nextDouble();
            double z = b + w[0] * x[i][0] + w[1] * x[i][1] + w[2] * x[i][2];
            double p = 1 / (1 + Math.exp(-z));
            y[i] = r.nextDouble() < p ? 1 : 0;
            double v = p * (1 - p);
            for (int j = 0; j < 3; j++) {
                info[j] += v * (x[i][j] - means[j]) * (x[i][j] - means[j]);
            }
            info[3] += v;
        }
        LogisticRegressionFit.Result fit = LogisticRegressionFit.fit(x, y, 0, new String[]{"x1", "x2", "x3"});
        for (int j = 0; j < 3; j++) {
            double se = 1 / Math.sqrt(info[j]);
            assertEquals(w[j], fit.weights()[j], 6 * se, "weight " + j + " (se " + se + ")");
        }
        // the bias is the intercept at x = 0, far from the data's centre: its error carries the weights' errors times the means
        double seBias = 1 / Math.sqrt(info[3]) + 5 * 6 / Math.sqrt(info[1]) + 0.5 * 6 / Math.sqrt(info[2]);
        assertEquals(b, fit.bias(), 6 * seBias);
    }

    @Test
    void theFitReachesTheMaximumOfTheLikelihood() {
        // at the maximum the gradient Σ (y - p) x is zero: checked directly, independent of how the fit got there
        Random r = new Random(11);
        int n = 5_000;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = 100 + r.nextGaussian();
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(x[i][0] - 0.3 * (x[i][1] - 100)))) ? 1 : 0;
        }
        LogisticRegressionFit.Result fit = LogisticRegressionFit.fit(x, y, 0, new String[]{"a", "b"});
        double g0 = 0, g1 = 0, g2 = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - 1 / (1 + Math.exp(-(fit.bias() + fit.weights()[0] * x[i][0] + fit.weights()[1] * x[i][1])));
            g0 += e;
            g1 += e * x[i][0];
            g2 += e * (x[i][1] - 100);
        }
        assertEquals(0, g0, 1e-6);
        assertEquals(0, g1, 1e-6);
        assertEquals(0, g2, 1e-6);
    }

    @Test
    void separableDataWithoutAPenaltyIsRefusedAndFitsWithOne() {
        double[][] x = {{-2}, {-1}, {1}, {2}};
        int[] y = {0, 0, 1, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogisticRegressionFit.fit(x, y, 0, new String[]{"a"}));
        assertTrue(e.getMessage().contains("--l2"), e.getMessage());
        LogisticRegressionFit.Result fit = LogisticRegressionFit.fit(x, y, 1, new String[]{"a"});
        assertTrue(fit.weights()[0] > 0);
        assertThrows(IllegalArgumentException.class, () -> LogisticRegressionFit.fit(new double[][]{{1}, {1}, {1}}, new int[]{0, 1, 0}, 0, new String[]{"c"}),
                "a constant column");
    }
}
