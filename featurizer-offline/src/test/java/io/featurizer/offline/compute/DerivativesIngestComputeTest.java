package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.storage.Storage;
import io.featurizer.storage.ingest.IngestOptions;
import io.featurizer.storage.ingest.Ingestor;
import io.featurizer.storage.ingest.TardisReader;
import io.featurizer.storage.record.CountBasedCompactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tardis derivative_ticker and liquidations CSV ingested, then the derivatives features computed: chunked
 * {@code compute} equals one replay, and the values equal the CSV's worked by hand. The files are the
 * hand-made samples of featurizer-storage's test resources (times: seconds after 2020-09-01T00:00:00Z).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DerivativesIngestComputeTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_598_918_400L * S;
    static final Path SAMPLES = Path.of("../featurizer-storage/src/test/resources/ingest");
    static final String SOURCE = "{exchange: BINANCE_FUTURES, instrument_type: perpetual, symbol: BTC-USDT}";
    static final FeaturizerConfig CONFIG = FeaturizerConfig.parse("""
            feature_configs:
              - feature_definition: derivatives.funding_annualized
                name: funding
                params: {data_source: [%1$s]}
              - feature_definition: derivatives.mark_index_basis
                name: basis
                params: {data_source: [%1$s]}
              - feature_definition: derivatives.open_interest_change
                name: oi_10s
                params: {data_source: [%1$s], feature: {0: {window: 10s}}}
              - feature_definition: derivatives.liquidation_volume
                name: liquidations_10s
                params: {data_source: [%1$s], feature: {0: {window: 10s}}}
            """.formatted(SOURCE), "derivatives.yaml");

    Storage storage;

    @BeforeAll
    void ingest(@TempDir Path dir) throws IOException {
        storage = Storage.open(dir.resolve("store"));
        try (Ingestor ingestor = new Ingestor(storage, new CountBasedCompactor(2))) {
            for (String name : List.of("binance-futures_derivative_ticker_2020-09-01_BTCUSDT.csv", "binance-futures_liquidations_2020-09-01_BTCUSDT.csv")) {
                try (TardisReader r = TardisReader.open(SAMPLES.resolve(name), IngestOptions.defaults())) {
                    ingestor.ingest(r);
                }
            }
        }
    }

    @AfterAll
    void close() {
        storage.close();
    }

    List<FeatureSeries> replay(long from, long to) {
        FeatureStreamGraph graph = FeatureStreamGraph.builder(CONFIG).build();
        List<FeatureSeries> out = new ArrayList<>();
        for (Feature f : CONFIG.features()) {
            FeatureSeries s = new FeatureSeries(f.schema());
            out.add(s);
            graph.addCallback(f, (feature, e) -> {
                if (e.ts() >= from && e.ts() <= to) {
                    s.append(e, 0, 0);
                }
            });
        }
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        emitter.feed(graph);
        emitter.runToEnd();
        return out;
    }

    @Test
    void theValuesAreTheCsvsWorkedByHand() {
        List<FeatureSeries> all = replay(Long.MIN_VALUE, Long.MAX_VALUE);
        FeatureSeries funding = all.get(0);
        // funding 0.0001, 0.00011, 0.00012, 0.0001 per 8 h (1095 periods a year); unchanged rows emit nothing
        assertEquals(4, funding.size());
        assertEquals(0.0001 * 1095, funding.getDouble(0, 0), 1e-15);
        assertEquals(0.00011 * 1095, funding.getDouble(1, 0), 1e-15);
        assertEquals(T0 + 3 * S, funding.ts(1));
        assertEquals(0.00012 * 1095, funding.getDouble(2, 0), 1e-15);
        assertTrue(Double.isNaN(funding.getDouble(0, 1)), "Binance has no predicted rate");
        FeatureSeries basis = all.get(1);
        assertEquals(8, basis.size(), "every row has a new mark or index");
        assertEquals((11652.33 - 11650.12) / 11650.12 * 10_000, basis.getDouble(0, 0), 1e-9);
        assertEquals((11649.5 - 11648.0) / 11648.0 * 10_000, basis.getDouble(5, 0), 1e-9);
        // open interest as of t - 10 s: at 11 s the value of 1 s (32000.5), at 13 s of 3 s, at 16 s of 6 s, at 21 s of 11 s
        FeatureSeries oi = all.get(2);
        assertEquals(4, oi.size());
        assertEquals(List.of(T0 + 11 * S, T0 + 13 * S, T0 + 16 * S, T0 + 21 * S), List.of(oi.ts(0), oi.ts(1), oi.ts(2), oi.ts(3)));
        assertEquals(32050.5 - 32000.5, oi.getDouble(0, 0), 1e-9);
        assertEquals(50 / 32000.5, oi.getDouble(0, 1), 1e-15);
        assertEquals(31990.0 - 32010.5, oi.getDouble(1, 0), 1e-9);
        assertEquals(32100.0 - 32005.0, oi.getDouble(2, 0), 1e-9);
        assertEquals(32100.0 - 32050.5, oi.getDouble(3, 0), 1e-9);
        // at the last liquidation (15 s) the window [5 s, 15 s] holds buys 1.2 @ 11670, 0.75 @ 11680, 0.1 @ 11681 and
        // sells 2 @ 11630, 0.25 @ 11620 (the sell at 2 s has left)
        FeatureSeries liquidations = all.get(3);
        assertEquals(6, liquidations.size());
        assertEquals(2.05, liquidations.getDouble(5, 0), 1e-12);
        assertEquals(2.25, liquidations.getDouble(5, 1), 1e-12);
        assertEquals(1.2 * 11670 + 0.75 * 11680 + 0.1 * 11681, liquidations.getDouble(5, 2), 1e-9);
        assertEquals(2 * 11630 + 0.25 * 11620, liquidations.getDouble(5, 3), 1e-9);
    }

    @Test
    void chunkedComputeEqualsOneReplay() {
        long from = T0 + 2 * S + 500_000_000L, to = T0 + 20 * S;
        List<FeatureSeries> reference = replay(from, to);
        for (long chunk : new long[] {0, 3 * S, 5 * S + 1}) {
            ChunkedReplay.Outputs computed = new ChunkedReplay(storage, CONFIG.features(), CONFIG.ordering(), MergeOrder.INGESTION_SEQUENCE,
                    2, chunk, p -> { }).run(from, to);
            ChunkedComputeParityTest.assertSameOutputs(reference, computed.series(), "chunks of " + chunk + " ns");
        }
    }
}
