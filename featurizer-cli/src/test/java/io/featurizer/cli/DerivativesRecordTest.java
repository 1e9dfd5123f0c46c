package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer record} of Binance USD-M derivatives data from the local simulator, then {@code replay} of it. */
class DerivativesRecordTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            feature_configs:
              - feature_definition: derivatives.mark_index_basis
                name: basis
                params:
                  data_source:
                    - {exchange: BINANCE_FUTURES, instrument_type: perpetual, symbol: BTC-USDT}
              - feature_definition: derivatives.liquidation_volume
                name: liquidations_10s
                params:
                  data_source:
                    - {exchange: BINANCE_FUTURES, instrument_type: perpetual, symbol: BTC-USDT}
                  feature:
                    0: {window: 10s}
            """;

    @Test
    void recordsAndReplaysMarkPricesAndLiquidations() throws IOException {
        Path cfg = dir.resolve("derivatives.yaml");
        Files.writeString(cfg, CONFIG);
        String storage = dir.resolve("store").toString();
        Result rec = run("record", "--config", cfg.toString(), "--storage", storage, "--duration", "4s", "--rate", "500");
        assertEquals(0, rec.code(), rec.err());

        Path out = dir.resolve("vectors.jsonl");
        Result replay = run("replay", "--config", cfg.toString(), "--storage", storage, "--out", out.toString(), "--order", "sequence");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.size() >= 2, "vectors: " + lines.size() + "\n" + rec.out());
        for (String line : lines) {
            Map<String, Object> v = ReplayCommandTest.parse(line);
            double basis = ((Number) v.get("basis-basis_bps")).doubleValue();
            assertTrue(Math.abs(basis) <= 20.5, "the simulator's premium stays within 20 bps (and mark, index are rounded to cents): " + line);
            for (String side : new String[] {"buy", "sell"}) {
                assertTrue(((Number) v.get("liquidations_10s-" + side + "_volume")).doubleValue() >= 0, line);
            }
        }
    }
}
