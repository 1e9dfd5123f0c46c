package io.featurizer.serve.inference;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fits a {@link LogisticRegression} on a {@link TrainingSet} with a time-ordered holdout: the earliest rows train
 * it, the latest {@code holdout} fraction scores it (never shuffled: a shuffled split would score on rows between
 * training rows, whose labels overlap theirs in time). The scores and the provenance go into the weights file.
 */
public final class LogisticRegressionTraining {
    /** Mean log-loss and accuracy (threshold 0.5) over some rows, and the share of label 1 among them. */
    public record Scores(int rows, double meanLogLoss, double accuracy, double positiveRate) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", rows);
            m.put("mean_log_loss", meanLogLoss);
            m.put("accuracy", accuracy);
            m.put("positive_rate", positiveRate);
            return m;
        }
    }

    public record Fitted(LogisticRegression model, Scores train, Scores holdout, int iterations) {
    }

    private LogisticRegressionTraining() {
    }

    /**
     * @param holdout    fraction of the latest rows kept out of the fit and scored (0 to 0.9)
     * @param provenance what to record about the data (table, label ...), written under {@code fit}
     */
    public static Fitted fit(TrainingSet set, double l2, double holdout, Map<String, Object> provenance) {
        if (!(holdout >= 0 && holdout <= 0.9)) {
            throw new IllegalArgumentException("--holdout " + holdout + ": expected a fraction from 0 to 0.9");
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("--l2 " + l2 + ": expected a penalty >= 0");
        }
        int n = set.y.length;
        int trainRows = (int) Math.round(n * (1 - holdout));
        if (trainRows < set.inputs.size() + 2) {
            throw new IllegalArgumentException(n + " usable rows (" + set.rowsDropped + " of " + set.rowsRead + " dropped for nulls), " + trainRows
                    + " to train on: too few for " + set.inputs.size() + " inputs; compute over a longer range");
        }
        double[][] x = Arrays.copyOfRange(set.x, 0, trainRows);
        int[] y = Arrays.copyOfRange(set.y, 0, trainRows);
        LogisticRegressionFit.Result r = LogisticRegressionFit.fit(x, y, l2, set.inputs.toArray(new String[0]));
        Map<String, Object> info = new LinkedHashMap<>(provenance);
        info.put("rows_read", set.rowsRead);
        info.put("rows_dropped_null", set.rowsDropped);
        info.put("l2", l2);
        info.put("iterations", r.iterations());
        LogisticRegression model = r.model(set.inputs, info);
        Scores train = score(model, set, 0, trainRows);
        Scores test = trainRows < n ? score(model, set, trainRows, n) : null;
        info.put("train", train.asMap());
        if (test != null) {
            info.put("holdout", test.asMap());
        }
        return new Fitted(r.model(set.inputs, info), train, test, r.iterations());
    }

    static Scores score(LogisticRegression model, TrainingSet set, int from, int to) {
        double loss = 0;
        int right = 0, positives = 0;
        for (int i = from; i < to; i++) {
            double p = Math.min(Math.max(model.probability(set.x[i]), 1e-15), 1 - 1e-15);
            loss -= set.y[i] == 1 ? Math.log(p) : Math.log(1 - p);
            right += (p >= 0.5 ? 1 : 0) == set.y[i] ? 1 : 0;
            positives += set.y[i];
        }
        int rows = to - from;
        return new Scores(rows, loss / rows, (double) right / rows, (double) positives / rows);
    }
}
