package io.featurizer.cli;

import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.okx.OkxEncoder;
import io.featurizer.exchanges.okx.OkxProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code live} and {@code record} stop with the venue's reason when it refuses every subscription, and refuse impossible book options. */
class LiveRefusalTest {
    @TempDir
    Path tmp;

    private Path config(String dataSource) throws Exception {
        Path c = tmp.resolve("c.yaml");
        Files.writeString(c, """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params:
                      data_source:
                        - %s
                """.formatted(dataSource));
        return c;
    }

    private static void assertOneLine(FeaturizerCliTest.Result r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals("error: " + expected, lines[lines.length - 1], r.err()); // after the feed's own log lines
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void liveAndRecordExitWithTheVenuesReasonWhenEverySubscriptionIsRefused() throws Exception {
        OkxProtocol okx = new OkxProtocol();
        try (ExchangeSimulator sim = new ExchangeSimulator(okx, new OkxEncoder(), List.of("BTC-USDT"),
                SyntheticMarket.Config.defaults(1)).start(100)) {
            Path c = config("{exchange: OKX, instrument_type: spot, symbol: DOGE-EUR}");
            String reason = "OKX/spot refused every subscription: 60018: Wrong URL or channel:books,instId:DOGE-EUR doesn't exist. "
                    + "Please use the correct URL, channel and parameters referring to API document.";
            long t0 = System.nanoTime();
            FeaturizerCliTest.Result live = FeaturizerCliTest.run("live", "--config", c.toString(), "--venue-url", "OKX=" + sim.webSocketUri(),
                    "--duration", "60s");
            assertOneLine(live, reason);
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "stopped at the refusal, not at --duration");

            FeaturizerCliTest.Result record = FeaturizerCliTest.run("record", "--config", c.toString(), "--storage", tmp.resolve("s").toString(),
                    "--venue-url", "OKX=" + sim.webSocketUri(), "--duration", "60s");
            assertOneLine(record, reason);
        }
    }

    @Test
    void aBookDepthTheVenueDoesNotServeIsAUserError() throws Exception {
        Path c = config("{exchange: BYBIT, instrument_type: spot, symbol: BTC-USDT, depth: 500}");
        assertOneLine(FeaturizerCliTest.run("live", "--config", c.toString(), "--venue-url", "BYBIT=ws://127.0.0.1:1/", "--duration", "5s"),
                "data source BYBIT/spot BTC-USDT: Bybit spot has no orderbook.500 stream; depth must be one of [1, 50, 200, 1000]");
        assertOneLine(FeaturizerCliTest.run("record", "--config", c.toString(), "--storage", tmp.resolve("s").toString(), "--duration", "5s"),
                "data source BYBIT/spot BTC-USDT: Bybit spot has no orderbook.500 stream; depth must be one of [1, 50, 200, 1000]");
    }
}
