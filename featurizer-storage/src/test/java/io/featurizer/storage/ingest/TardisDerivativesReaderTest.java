package io.featurizer.storage.ingest;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.storage.Storage;
import io.featurizer.storage.record.CountBasedCompactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.featurizer.storage.ingest.Recorded.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tardis derivative_ticker and liquidations: values read by hand from the hand-made files, and through storage. */
class TardisDerivativesReaderTest {
    static final String TICKER = "binance-futures_derivative_ticker_2020-09-01_BTCUSDT.csv";
    static final String LIQUIDATIONS = "binance-futures_liquidations_2020-09-01_BTCUSDT.csv";
    static final VendorSource BINANCE_TICKER = new VendorSource("derivative_ticker", "BINANCE_FUTURES", "perpetual", "BTC-USDT");
    static final VendorSource BINANCE_LIQUIDATIONS = new VendorSource("liquidations", "BINANCE_FUTURES", "perpetual", "BTC-USDT");

    @TempDir
    Path tmp;

    static Recorded read(Path file, IngestOptions options) throws IOException {
        Recorded r = new Recorded();
        try (TardisReader reader = TardisReader.open(file, options)) {
            reader.read(r);
        }
        return r;
    }

    @Test
    void derivativeTickerRowsWithEmptyCellsAsNaN() throws IOException {
        Recorded r = read(fixture(TICKER), IngestOptions.defaults());
        assertEquals(8, r.size());
        assertEquals(BINANCE_TICKER, r.get(0).source());
        // row 1: no open interest yet, no predicted rate (Binance)
        DerivativeTicker t = (DerivativeTicker) r.get(0).event();
        assertEquals(1598918400000000_000L, t.ts());
        assertEquals(1598918400105000_000L, t.receiptTs());
        assertEquals(1598947200000000_000L, t.nextFundingTime());
        assertEquals(0.0001, t.fundingRate());
        assertTrue(Double.isNaN(t.predictedFundingRate()));
        assertTrue(Double.isNaN(t.openInterest()));
        assertEquals(11655.5, t.lastPrice());
        assertEquals(11650.12, t.indexPrice());
        assertEquals(11652.33, t.markPrice());
        // row 5
        t = (DerivativeTicker) r.get(4).event();
        assertEquals(0.00012, t.fundingRate());
        assertEquals(32050.5, t.openInterest());
        assertEquals(11658.0, t.markPrice());
        assertEquals(11652.0, t.indexPrice());
    }

    @Test
    void liquidationsAreTheOrdersSideAndTheNameTellsThemFromTrades() throws IOException {
        Recorded r = read(fixture(LIQUIDATIONS), IngestOptions.defaults());
        assertEquals(6, r.size());
        assertEquals(BINANCE_LIQUIDATIONS, r.get(0).source());
        Liquidation l = (Liquidation) r.get(0).event();
        assertEquals(Side.SELL, l.side(), "a liquidated long: a sell order");
        assertEquals(11640.5, l.price());
        assertEquals(0.5, l.amount());
        assertEquals(0, l.id(), "Binance sends no id");
        assertEquals(1598918402000000_000L, l.ts());
        Recorded deribit = read(fixture("deribit_liquidations_2020-09-01_BTC-PERPETUAL.csv"), IngestOptions.defaults());
        Liquidation d = (Liquidation) deribit.get(0).event();
        assertEquals(new VendorSource("liquidations", "DERIBIT", "perpetual", "BTC-PERPETUAL"), deribit.get(0).source());
        assertEquals(Side.BUY, d.side());
        assertEquals(1500, d.amount());
        assertEquals(4312543, d.id());
    }

    @Test
    void aLiquidationsFileWithoutATardisNameReadsAsTradesUnlessTheTypeIsGiven() throws IOException {
        Path plain = tmp.resolve("liqs.csv");
        Files.copy(fixture(LIQUIDATIONS), plain);
        try (TardisReader reader = TardisReader.open(plain, IngestOptions.defaults())) {
            assertEquals(TardisDataType.TRADES, reader.dataType());
        }
        try (TardisReader reader = TardisReader.open(plain, IngestOptions.defaults().withDataType("liquidations"))) {
            assertEquals(TardisDataType.LIQUIDATIONS, reader.dataType());
        }
        Path ticker = tmp.resolve("ticker.csv");
        Files.copy(fixture(TICKER), ticker);
        try (TardisReader reader = TardisReader.open(ticker, IngestOptions.defaults())) {
            assertEquals(TardisDataType.DERIVATIVE_TICKER, reader.dataType(), "the header tells a derivative ticker");
        }
    }

    @Test
    void aTickerNamedFileWithAnotherHeaderIsRefused() throws IOException {
        Path mislabeled = tmp.resolve("binance-futures_derivative_ticker_2020-09-01_BTCUSDT.csv");
        Files.copy(fixture(LIQUIDATIONS), mislabeled);
        IngestException e = assertThrows(IngestException.class, () -> TardisReader.open(mislabeled, IngestOptions.defaults()).close());
        assertTrue(e.getMessage().contains("funding_rate"), e.getMessage());
    }

    @Test
    void storedAndReadBackEqualsWhatTheReaderDelivers() throws IOException {
        for (String name : List.of(TICKER, LIQUIDATIONS)) {
            List<Event> direct = read(fixture(name), IngestOptions.defaults()).items.stream().map(Recorded.Item::event).toList();
            VendorSource source = read(fixture(name), IngestOptions.defaults()).get(0).source();
            try (Storage s = Storage.open(tmp.resolve(name)); Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(3))) {
                try (TardisReader reader = TardisReader.open(fixture(name), IngestOptions.defaults())) {
                    ingestor.ingest(reader);
                }
                assertEquals(direct, IngestRoundTripTest.readAll(s, source), name);
            }
        }
    }
}
