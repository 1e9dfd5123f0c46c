package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import io.featurizer.serve.inference.LogisticRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.StorageCommandsTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featurizer model fit} on a table shaped like compute's (time columns, feature columns, a label column
 * looked ahead), written here by DuckDB with labels drawn from a known model: the weights file holds weights near
 * the generating ones, and wrong options are one-line user errors.
 */
class ModelCommandTest {
    @TempDir
    Path dir;

    /**
     * 40,000 rows: a ~ N(0,1), b ~ U(0,1) (DuckDB's random() with a fixed seed; a normal from Box-Muller),
     * mid-mid = 100, label_mid-mid = 100 + 1 when up. P(up) = sigmoid(1.5 a - 2 b + 0.5).
     */
    Path table() throws Exception {
        Path t = dir.resolve("features.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SELECT setseed(0.25)");
            st.execute("CREATE TABLE r AS SELECT i, random() AS u1, random() AS u2, random() AS b, random() AS u FROM range(40000) t(i)");
            st.execute("CREATE TABLE f AS SELECT i, sqrt(-2 * ln(u1 + 1e-300)) * cos(2 * pi() * u2) AS a, b, u FROM r");
            st.execute("COPY (SELECT i * 1000000000 AS \"timestamp\", i * 1000000000 + 5 AS receipt_timestamp, a AS \"x-a\", b AS \"x-b\", "
                    + "100.0 AS \"mid-mid\", CASE WHEN u < 1 / (1 + exp(-(1.5 * a - 2 * b + 0.5))) THEN 101.0 ELSE 99.0 END AS \"label_mid-mid\", "
                    + "CASE WHEN i % 1000 = 7 THEN NULL ELSE (i % 13)::DOUBLE END AS \"sometimes-null\" "
                    + "FROM f ORDER BY i) TO '" + t + "' (FORMAT PARQUET)");
        }
        return t;
    }

    @Test
    void fitsTheWeightsFileFromATable() throws Exception {
        Path t = table();
        Path w = dir.resolve("weights.json");
        Result r = run("model", "fit", "--table", t.toString(), "--label", "label_mid-mid", "--label-base", "mid-mid", "--inputs", "x-a,x-b",
                "--l2", "0", "--holdout", "0.25", "--out", w.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("read 40,000 rows"), r.out());
        assertTrue(r.out().contains("holdout  10,000 rows"), r.out());
        LogisticRegression lr = LogisticRegression.read(w);
        assertEquals(java.util.List.of("x-a", "x-b"), lr.inputs());
        // the file holds weights per standard deviation with each column's mean and sd: back to the columns' units
        double[] wt = lr.weights(), c = lr.center(), sd = lr.scale();
        double a = wt[0] / sd[0], b = wt[1] / sd[1], bias = lr.bias() - wt[0] * c[0] / sd[0] - wt[1] * c[1] / sd[1];
        // 30,000 training rows: standard errors about 0.02 (a), 0.05 (b), 0.03 (bias); 5 of them each
        assertEquals(1.5, a, 0.1);
        assertEquals(-2.0, b, 0.25);
        assertEquals(0.5, bias, 0.15);
        assertEquals(1.0, sd[0], 0.05, "a ~ N(0, 1)");
        assertEquals(0.5, c[1], 0.02, "b ~ U(0, 1)");
        assertTrue(Files.readString(w).contains("\"label\" : \"label_mid-mid > mid-mid\""), Files.readString(w));
    }

    @Test
    void nullRowsAreDroppedAndCounted() throws Exception {
        Path t = table();
        Result r = run("model", "fit", "--table", t.toString(), "--label", "label_mid-mid", "--label-base", "mid-mid", "--inputs", "x-a,sometimes-null",
                "--out", dir.resolve("w.json").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("(40 dropped"), r.out());
    }

    @Test
    void wrongOptionsAreOneLineUserErrors() throws Exception {
        Path t = table();
        String out = dir.resolve("w.json").toString();
        assertUserError(run("model", "fit", "--table", t.toString(), "--label", "label_mid", "--out", out), "no such column; numeric columns:");
        assertUserError(run("model", "fit", "--table", t.toString(), "--label", "label_mid-mid", "--inputs", "label_mid-mid", "--out", out),
                "would leak the future");
        assertUserError(run("model", "fit", "--table", dir.resolve("nope.parquet").toString(), "--label", "x", "--out", out), "no such file");
        assertUserError(run("model", "fit", "--table", t.toString(), "--label", "label_mid-mid", "--label-base", "mid-mid", "--inputs", "mid-mid",
                "--out", out), "constant");
        assertUserError(run("model", "fit", "--table", t.toString(), "--label", "label_mid-mid", "--holdout", "1.5", "--out", out), "--holdout");
        Files.writeString(dir.resolve("not.parquet"), "hello");
        assertUserError(run("model", "fit", "--table", dir.resolve("not.parquet").toString(), "--label", "x", "--out", out), "cannot read it as Parquet");
    }
}
