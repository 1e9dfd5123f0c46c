package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --delivery auto} (the default) runs the features on the socket reader unless the run writes files; an explicit mode wins. */
class LiveDeliveryTest {
    @TempDir
    Path dir;

    @Test
    void autoRunsTheFeaturesInlineWhenNothingElseConsumesAndAnExplicitModeWins() throws Exception {
        Path cfg = dir.resolve("mid.yaml");
        Files.writeString(cfg, UserErrorsTest.CONFIG);
        FeatureStreamGraph graph = FeatureStreamGraph.builder(FeaturizerConfig.load(cfg)).build();
        try (SimulatedVenues venues = SimulatedVenues.start(graph.getIns(), SyntheticMarket.Config.defaults(7), 500)) {
            ExchangeSimulator sim = venues.simulators().get("BINANCE");
            String[] common = {"live", "--config", cfg.toString(), "--venue-url", "BINANCE=" + sim.webSocketUri(), "--rest-url",
                    "BINANCE=" + sim.restUri(), "--print-every", "0s", "--duration", "2s"};
            FeaturizerCliTest.Result auto = FeaturizerCliTest.run(common);
            assertEquals(0, auto.code(), auto.err());
            assertTrue(auto.out().contains("delivery: inline"), auto.out());
            assertTrue(FeaturizerCliTest.count(auto.out(), "and ([0-9,]+) combined vectors", 1) > 0, auto.out());

            String[] handOff = java.util.Arrays.copyOf(common, common.length + 2);
            handOff[common.length] = "--delivery";
            handOff[common.length + 1] = "hand-off";
            FeaturizerCliTest.Result explicit = FeaturizerCliTest.run(handOff);
            assertEquals(0, explicit.code(), explicit.err());
            assertTrue(explicit.out().contains("delivery: hand-off"), explicit.out());
        }
    }
}
