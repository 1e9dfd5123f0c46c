package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.text.NearestName;
import io.featurizer.offline.compute.MissingDataException;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.ComputeResult;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.serve.plot.FeaturePlot;
import io.featurizer.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code featurizer plot --config x.yaml --out chart.png}: a config's features over stored data, one panel per
 * feature on one UTC time axis, as PNG or SVG. The values are those of {@code compute} (stored feature blocks
 * are reused where they cover the range).
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Plot a config's features over stored data: one panel per feature, exchange time in UTC, as PNG or SVG (by the --out extension).")
final class PlotCommand implements Runnable {
    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    Path config;

    @Mixin
    StorageOptions storage;

    @Mixin
    StoredRangeOptions range;

    @Option(names = {"-o", "--out"}, required = true, description = "The chart to write: a .png or .svg file (replaced if it exists).")
    Path out;

    @Option(names = "--features", split = ",", description = "Features to plot, by name (default: every feature of the config).")
    List<String> features;

    @Option(names = "--width", defaultValue = "1200", description = "Width in pixels (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--panel-height", defaultValue = "220", description = "Height of each feature's panel in pixels (default ${DEFAULT-VALUE}).")
    int panelHeight;

    @Override
    public void run() {
        String file = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!file.endsWith(".png") && !file.endsWith(".svg")) {
            throw new FeaturizerCli.UserError("--out " + out + ": expected a .png or .svg file");
        }
        if (width < 200 || panelHeight < 80) {
            throw new FeaturizerCli.UserError("--width must be at least 200 and --panel-height at least 80 pixels, got " + width + " and " + panelHeight);
        }
        FeaturizerConfig c = FeaturizerConfig.load(config, storage.symbolListing());
        List<String> names = new ArrayList<>();
        for (Feature f : c.features()) {
            names.add(f.name());
        }
        List<String> chosen = features == null || features.isEmpty() ? names : features;
        for (String name : chosen) {
            if (!names.contains(name)) {
                throw new FeaturizerCli.UserError("--features: no feature '" + name + "' in " + config + NearestName.suggestion(name, names)
                        + " (its features: " + String.join(", ", names) + ")");
            }
        }
        long start = range.start(c);
        long end = range.end(c, "plot");
        FeatureTable table;
        try (Storage s = storage.open()) {
            ComputeResult result = BatchCompute.of(s, c).order(range.merge(c)).parallelism(Runtime.getRuntime().availableProcessors()).run(start, end);
            table = result.table();
            start = result.report().from(); // the stored data's own range when none was given
            end = result.report().to();
        } catch (MissingDataException e) {
            throw new FeaturizerCli.UserError(e.getMessage() + " (storage " + storage.root + ")");
        }
        List<FeaturePlot.Panel> panels = FeaturePlot.panels(table, chosen, width);
        String title = "features over " + VectorFormat.time(start) + " to " + VectorFormat.time(end) + " (" + String.format(Locale.ROOT, "%,d", table.rowCount()) + " inputs)";
        try (AtomicOutput output = AtomicOutput.create(out, "--out", "chart.png")) {
            FeaturePlot.write(FeaturePlot.chart(title, panels), output.temp(), width, 80 + panelHeight * panels.size(), file.endsWith(".svg"));
            output.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        System.out.printf(Locale.ROOT, "plotted %d features from %,d inputs in [%s, %s] -> %s%n", panels.size(), table.rowCount(),
                VectorFormat.time(start), VectorFormat.time(end), out);
    }
}
