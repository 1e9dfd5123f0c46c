package io.featurizer.cli;

import io.featurizer.serve.inference.LogisticRegression;
import io.featurizer.serve.inference.LogisticRegressionTraining;
import io.featurizer.serve.inference.TrainingSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code featurizer model fit}: fits the inference hook's example model (logistic regression) on a computed feature-label table. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Models for the inference hook of 'featurizer serve --model'.",
        subcommands = {ModelCommand.Fit.class})
final class ModelCommand {

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Fit a logistic regression on a feature-label table written by 'featurizer compute' and write its weights "
                    + "(JSON) for 'featurizer serve --model logreg:WEIGHTS.json'.")
    static final class Fit implements Runnable {
        @Option(names = "--table", required = true, description = "The Parquet table from 'featurizer compute' (with label_feature and label_lookahead).")
        Path table;

        @Option(names = "--label", required = true, description = "The label column, e.g. label_mid_price-mid_price (the label feature label_lookahead after the row).")
        String label;

        @Option(names = "--label-base", description = "Label 1 when --label > this column (e.g. mid_price-mid_price: the mid went up); "
                + "without it, label 1 when --label > 0.")
        String labelBase;

        @Option(names = "--inputs", split = ",", description = "Input columns, comma-separated (default: every numeric feature column; never a label_ column).")
        List<String> inputs = List.of();

        @Option(names = "--l2", defaultValue = "1.0", description = "L2 penalty on the standardized weights, against the summed log-loss; 0 = maximum likelihood "
                + "(default ${DEFAULT-VALUE}).")
        double l2;

        @Option(names = "--holdout", defaultValue = "0.2", description = "Fraction of the latest rows kept out of the fit and scored (default ${DEFAULT-VALUE}).")
        double holdout;

        @Option(names = {"-o", "--out"}, required = true, description = "The weights file to write (JSON).")
        Path out;

        @Override
        public void run() {
            if (out.toAbsolutePath().getParent() == null || !Files.isDirectory(out.toAbsolutePath().getParent())) {
                throw new FeaturizerCli.UserError("--out " + out + ": no such directory " + out.toAbsolutePath().getParent());
            }
            LogisticRegressionTraining.Fitted fitted;
            try {
                TrainingSet set = TrainingSet.readParquet(table, inputs, label, labelBase);
                Map<String, Object> provenance = new LinkedHashMap<>();
                provenance.put("table", table.toString());
                provenance.put("label", labelBase == null ? label + " > 0" : label + " > " + labelBase);
                fitted = LogisticRegressionTraining.fit(set, l2, holdout, provenance);
                fitted.model().write(out);
                System.out.printf(Locale.ROOT, "read %,d rows from %s (%,d dropped: an input or the label was null or NaN); label: %s%n",
                        set.rowsRead, table, set.rowsDropped, provenance.get("label"));
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out, e);
            }
            LogisticRegression m = fitted.model();
            System.out.printf(Locale.ROOT, "fitted logistic regression on %d inputs in %d iterations (l2 %s); weight per standard deviation:%n",
                    m.inputs().size(), fitted.iterations(), l2);
            for (int i = 0; i < m.inputs().size(); i++) {
                System.out.printf(Locale.ROOT, "  %-36s %+9.4f   (mean %.6g, sd %.6g)%n", m.inputs().get(i), m.weights()[i], m.center()[i], m.scale()[i]);
            }
            System.out.printf(Locale.ROOT, "  %-36s %+9.4f%n", "(bias)", m.bias());
            print("train", fitted.train());
            if (fitted.holdout() != null) {
                print("holdout", fitted.holdout());
            }
            System.out.println("wrote " + out + "; serve it with: featurizer serve --config <x.yaml> --model logreg:" + out);
        }

        private static void print(String what, LogisticRegressionTraining.Scores s) {
            System.out.printf(Locale.ROOT, "%-8s %,d rows: log-loss %.4f, accuracy %.3f (label 1 in %.3f of rows)%n", what, s.rows(), s.meanLogLoss(),
                    s.accuracy(), s.positiveRate());
        }
    }
}
