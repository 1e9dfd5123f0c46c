package io.featurizer.serve.inference;

import java.util.Arrays;

/**
 * Fits a {@link LogisticRegression} by iteratively reweighted least squares (Newton's method on the log-likelihood),
 * with an optional L2 penalty. Columns are standardized first (so the penalty and the convergence test treat them
 * alike and the normal equations stay well conditioned for columns such as prices), and the weights are turned back
 * into the columns' own units at the end. The intercept is not penalized.
 *
 * <p>Each step solves {@code (XᵀWX + λI) Δ = Xᵀ(y − p) − λβ} by Cholesky: a few inputs make a matrix of a few
 * dozen entries, so a hand-written solve is shorter than a linear algebra dependency. A step that raises the
 * penalized loss is halved. Converged when no standardized coefficient moves more than 1e-10; perfectly separable
 * data with no penalty never converges, and says so.
 */
public final class LogisticRegressionFit {
    /**
     * The fit: weights per standard deviation of each column ({@code standardized}, with {@code mean} and {@code sd}:
     * the model as served), the same weights in the columns' own units ({@code weights}, {@code bias}: for checking
     * against generating weights), the iterations taken and the penalized mean log-loss at the end.
     */
    public record Result(double[] weights, double bias, double[] standardized, double standardizedBias, double[] mean, double[] sd,
                         int iterations, double meanLogLoss) {
        /** The model as served: standardized weights with the columns' means and standard deviations. */
        public LogisticRegression model(java.util.List<String> inputs, java.util.Map<String, Object> fit) {
            return new LogisticRegression(inputs, standardized, standardizedBias, mean, sd, fit);
        }
    }

    private static final int MAX_ITERATIONS = 100;

    private LogisticRegressionFit() {
    }

    /**
     * @param x  rows of inputs (no NaN)
     * @param y  0 or 1 per row
     * @param l2 penalty λ on the standardized weights, against the summed log-loss (0: maximum likelihood)
     * @throws IllegalArgumentException when a column is constant, a class is missing, or the fit does not converge
     */
    public static Result fit(double[][] x, int[] y, double l2, String[] columnNames) {
        int n = x.length;
        if (n == 0 || n != y.length) {
            throw new IllegalArgumentException("no training rows (" + n + " rows, " + y.length + " labels)");
        }
        int p = x[0].length;
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (double[] row : x) {
                m += row[j];
            }
            m /= n;
            double v = 0;
            for (double[] row : x) {
                v += (row[j] - m) * (row[j] - m);
            }
            mean[j] = m;
            sd[j] = Math.sqrt(v / n);
            if (!(sd[j] > 0)) {
                throw new IllegalArgumentException("input column " + columnNames[j] + " is constant (" + m + ") over the " + n + " training rows: leave it out");
            }
        }
        int positives = 0;
        for (int v : y) {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + v);
            }
            positives += v;
        }
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("all " + n + " training rows have label " + y[0] + ": a classifier needs both classes");
        }
        // z: standardized rows with a leading 1 for the intercept
        int k = p + 1;
        double[][] z = new double[n][k];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1;
            for (int j = 0; j < p; j++) {
                z[i][j + 1] = (x[i][j] - mean[j]) / sd[j];
            }
        }
        double[] beta = new double[k];
        beta[0] = Math.log((double) positives / (n - positives)); // the base rate: a good start
        double loss = loss(z, y, beta, l2);
        int iteration = 0;
        while (true) {
            if (++iteration > MAX_ITERATIONS) {
                throw new IllegalArgumentException("the fit did not converge in " + MAX_ITERATIONS + " iterations (the classes may be perfectly "
                        + "separable by the inputs): give an L2 penalty, e.g. --l2 1");
            }
            double[] grad = new double[k];
            double[][] h = new double[k][k];
            for (int i = 0; i < n; i++) {
                double[] r = z[i];
                double mu = LogisticRegression.sigmoid(dot(r, beta));
                double w = mu * (1 - mu);
                double e = y[i] - mu;
                for (int a = 0; a < k; a++) {
                    grad[a] += r[a] * e;
                    double wa = w * r[a];
                    for (int b = 0; b <= a; b++) {
                        h[a][b] += wa * r[b];
                    }
                }
            }
            for (int a = 1; a < k; a++) {
                grad[a] -= l2 * beta[a];
                h[a][a] += l2;
            }
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    h[a][b] = h[b][a];
                }
            }
            double[] step = solveCholesky(h, grad);
            double scale = 1;
            double[] next = new double[k];
            double nextLoss;
            while (true) {
                for (int a = 0; a < k; a++) {
                    next[a] = beta[a] + scale * step[a];
                }
                nextLoss = loss(z, y, next, l2);
                if (nextLoss <= loss || scale < 1e-6) {
                    break;
                }
                scale /= 2;
            }
            double moved = 0;
            for (int a = 0; a < k; a++) {
                moved = Math.max(moved, Math.abs(next[a] - beta[a]));
            }
            beta = next;
            loss = nextLoss;
            if (moved < 1e-10) {
                break;
            }
        }
        double[] weights = new double[p];
        double bias = beta[0];
        for (int j = 0; j < p; j++) {
            weights[j] = beta[j + 1] / sd[j];
            bias -= beta[j + 1] * mean[j] / sd[j];
        }
        return new Result(weights, bias, Arrays.copyOfRange(beta, 1, k), beta[0], mean, sd, iteration, loss / n);
    }

    /** Summed log-loss plus λ/2 |β without intercept|². */
    private static double loss(double[][] z, int[] y, double[] beta, double l2) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double t = dot(z[i], beta);
            // log(1 + e^t) - y t, computed without overflow
            s += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - y[i] * t;
        }
        double r = 0;
        for (int a = 1; a < beta.length; a++) {
            r += beta[a] * beta[a];
        }
        return s + l2 / 2 * r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Solves {@code A x = b} for symmetric positive definite A. */
    static double[] solveCholesky(double[][] a, double[] b) {
        int k = b.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("the Hessian is singular at coefficient " + i + ": the inputs are linearly dependent, "
                                + "or the classes are perfectly separable; leave out a redundant input or give an L2 penalty, e.g. --l2 1");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] y = Arrays.copyOf(b, k);
        for (int i = 0; i < k; i++) {
            for (int m = 0; m < i; m++) {
                y[i] -= l[i][m] * y[m];
            }
            y[i] /= l[i][i];
        }
        for (int i = k - 1; i >= 0; i--) {
            for (int m = i + 1; m < k; m++) {
                y[i] -= l[m][i] * y[m];
            }
            y[i] /= l[i][i];
        }
        return y;
    }
}
