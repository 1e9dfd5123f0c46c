package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.StorageCommandsTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer plot} over a recording, as a user runs it: PNG and SVG, and wrong values as one-line errors. */
class PlotCommandTest {
    @TempDir
    Path dir;

    @Test
    void plotsARecordingAsPngAndSvgAndRefusesWrongValues() throws IOException {
        Path cfg = dir.resolve("plot.yaml");
        Files.writeString(cfg, ReplayCommandTest.CONFIG);
        String storage = dir.resolve("store").toString();
        Result rec = run("record", "--config", cfg.toString(), "--storage", storage, "--duration", "3s", "--rate", "500");
        assertEquals(0, rec.code(), rec.err());

        Path png = dir.resolve("chart.png");
        Result r = run("plot", "--config", cfg.toString(), "--storage", storage, "--features", "mid_price", "--out", png.toString(),
                "--width", "800", "--panel-height", "150");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("plotted 1 features from "), r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(80 + 150, image.getHeight(), "title and axis, then one panel");

        Path svg = dir.resolve("chart.svg");
        r = run("plot", "--config", cfg.toString(), "--storage", storage, "--out", svg.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<svg") || text.startsWith("<?xml"), text.substring(0, 40));
        assertTrue(text.contains("mid_price.mid_price") && text.contains("exchange time (UTC)"), "every feature of the config has its panel");

        assertUserError(run("plot", "--config", cfg.toString(), "--storage", storage, "--out", dir.resolve("chart.jpg").toString()),
                "expected a .png or .svg file");
        assertUserError(run("plot", "--config", cfg.toString(), "--storage", storage, "--features", "mid_prise", "--out", png.toString()),
                "did you mean 'mid_price'?");
        assertUserError(run("plot", "--config", cfg.toString(), "--storage", storage, "--width", "10", "--out", png.toString()),
                "--width must be at least 200");
        assertFalse(Files.exists(dir.resolve("chart.jpg")));
    }
}
