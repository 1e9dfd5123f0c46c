package io.featurizer.storage.ingest;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.DataKind;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.DataSourceMetadata;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.TimeBasedCompactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static io.featurizer.storage.ingest.Recorded.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest → storage → read: the events read back from storage are the events the vendor reader delivers
 * directly (copies kept by a plain sink), file by file; re-ingesting changes nothing; bad rows stop
 * (strict) or are skipped and counted (lenient).
 */
class IngestRoundTripTest {
    private static final long T0_MICROS = 1_598_918_400_000_000L; // 2020-09-01T00:00:00Z
    private static final VendorSource GENERATED_TRADES = new VendorSource("trades", "BINANCE_FUTURES", "perpetual", "BTC-USDT");
    private static final VendorSource GENERATED_QUOTES = new VendorSource("ticker", "BINANCE_FUTURES", "perpetual", "BTC-USDT");

    @TempDir
    Path tmp;

    /** What the reader delivers directly, per source, in file order. */
    static Map<VendorSource, List<Event>> direct(Path file, IngestOptions options) throws IOException {
        Recorded r = new Recorded();
        try (TardisReader reader = TardisReader.open(file, options)) {
            reader.read(r);
        }
        Map<VendorSource, List<Event>> bySource = new LinkedHashMap<>();
        for (Recorded.Item item : r.items) {
            bySource.computeIfAbsent(item.source(), s -> new ArrayList<>()).add(item.event());
        }
        return bySource;
    }

    static Ingestor.Result ingest(Ingestor ingestor, Path file, IngestOptions options) throws IOException {
        try (TardisReader reader = TardisReader.open(file, options)) {
            return ingestor.ingest(reader);
        }
    }

    static List<Event> readAll(Storage s, VendorSource source) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = s.read(source.feature(), Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.current().copy());
            }
        }
        return out;
    }

    /** Ingests into a fresh storage with small blocks (so book blocks get synthesized start snapshots) and compares. */
    private void assertRoundTrip(Path file, int eventsPerBlock, int expectedEvents, int expectedBlocks) throws IOException {
        Map<VendorSource, List<Event>> expected = direct(file, IngestOptions.defaults());
        assertEquals(expectedEvents, expected.values().stream().mapToInt(List::size).sum(), "events the reader delivers from " + file);
        try (Storage s = Storage.open(tmp.resolve("store-" + file.getFileName()));
             Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(eventsPerBlock))) {
            Ingestor.Result r = ingest(ingestor, file, IngestOptions.defaults());
            assertEquals(expectedEvents, r.stats().eventsEmitted());
            assertEquals(expectedBlocks, r.blocksWritten(), "blocks written");
            assertEquals(0, r.blocksAlreadyStored());
            for (var e : expected.entrySet()) {
                assertEquals(e.getValue(), readAll(s, e.getKey()), "read back of " + e.getKey() + " from " + file.getFileName());
            }
            assertEquals(expected.size(), s.catalog().dataSources().size(), "one catalog row per source");
        }
    }

    @Test
    void incrementalBookL2RoundTrips() throws IOException {
        // hand-made: snapshot, delta | delta (a block that starts with a synthesized snapshot) | snapshot, delta
        assertRoundTrip(fixture("binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv"), 2, 5, 3);
        assertRoundTrip(fixture("tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv"), 2, 1, 1);
    }

    @Test
    void bookSnapshotsRoundTrip() throws IOException {
        assertRoundTrip(fixture("tardis_binance-futures_book_snapshot_5_BTCUSDT.csv"), 3, 10, 4);
        assertRoundTrip(fixture("tardis_binance-futures_book_snapshot_25_BTCUSDT.csv"), 3, 10, 4);
    }

    @Test
    void snapshotsOfTopLevelsAndTheIncrementalBookOfOneSymbolAreStoredAsSeparateSources() throws IOException {
        Path incremental = fixture("binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv");
        Path top5 = fixture("tardis_binance-futures_book_snapshot_5_BTCUSDT.csv");
        Path top25 = fixture("tardis_binance-futures_book_snapshot_25_BTCUSDT.csv");
        VendorSource full = new VendorSource("l2_book", "BINANCE_FUTURES", "perpetual", "BTC-USDT");
        try (Storage s = Storage.open(tmp.resolve("store")); Ingestor ingestor = new Ingestor(s, TimeBasedCompactor.perHour())) {
            for (Path f : List.of(incremental, top5, top25)) {
                ingest(ingestor, f, IngestOptions.defaults());
            }
            assertEquals(3, s.catalog().dataSources().size(), "full book, top 5 and top 25: " + s.catalog().dataSources());
            assertEquals(direct(incremental, IngestOptions.defaults()).get(full), readAll(s, full), "the full book holds only incremental data");
            assertEquals(direct(top5, IngestOptions.defaults()).get(full.withDepth(5)), readAll(s, full.withDepth(5)));
            assertEquals(direct(top25, IngestOptions.defaults()).get(full.withDepth(25)), readAll(s, full.withDepth(25)));
            assertEquals(10, readAll(s, full.withDepth(25)).size());
            assertEquals(java.util.Set.of("l2_book_binance_futures_perpetual_btc_usdt", "l2_book_binance_futures_perpetual_btc_usdt_depth_5",
                            "l2_book_binance_futures_perpetual_btc_usdt_depth_25"),
                    new java.util.HashSet<>(io.featurizer.storage.explore.StorageSql.viewNames(s.catalog()).values()), "sql views name the depth");
        }
    }

    @Test
    void aConfigNamesTheTopLevelsSourceWithItsDepthParam() {
        var config = io.featurizer.core.config.FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid_top25
                    params:
                      data_source:
                        - {exchange: BINANCE_FUTURES, instrument_type: perpetual, symbol: BTC-USDT, depth: 25}
                      feature: {0: {dep_schema: l2_book}}
                """, "test.yaml");
        var source = new VendorSource("l2_book", "BINANCE_FUTURES", "perpetual", "BTC-USDT").withDepth(25);
        assertEquals(List.of(source.feature().key()), config.feature("mid_top25").dataSources().stream().map(f -> f.key()).toList());
    }

    @Test
    void smallTradesAndQuotesRoundTrip() throws IOException {
        assertRoundTrip(fixture("deribit_trades_2020-04-01_BTC-PERPETUAL.csv"), 2, 3, 2);
        assertRoundTrip(fixture("binance-futures_quotes_2020-09-01_BTCUSDT.csv"), 1, 2, 2);
    }

    /** Trade i of the generated file, as the test writes it (independent of the reader). */
    static Trade trade(int i) {
        long ts = T0_MICROS + i * 3_000L;
        int side = i % 3 == 0 ? Side.SELL : Side.BUY;
        double price = Double.parseDouble(price(i));
        double amount = Double.parseDouble(amount(i));
        return new Trade().set(ts * 1000, (ts + 100 + i % 7) * 1000, side, price, amount, 1_000_000L + i);
    }

    static String price(int i) {
        return String.format(Locale.ROOT, "%d.%02d", 11_600 + (i * 7919 % 500), i % 100);
    }

    static String amount(int i) {
        return String.format(Locale.ROOT, "%d.%03d", i % 4, 1 + i * 31 % 999);
    }

    static String tradeRow(int i) {
        Trade t = trade(i);
        return String.join(",", "binance-futures", "BTCUSDT", Long.toString(t.ts() / 1000), Long.toString(t.receiptTs() / 1000),
                Long.toString(t.id()), t.side() == Side.SELL ? "sell" : "buy", price(i), amount(i)) + "\n";
    }

    static Path writeTrades(Path file, int n, int badLine) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
             Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
            for (int i = 0; i < n; i++) {
                // line numbers: header is line 1, row i is line i + 2
                w.write(i + 2 == badLine ? tradeRow(i).replace("," + price(i) + ",", ",12x34.5,") : tradeRow(i));
            }
        }
        return file;
    }

    @Test
    void aGeneratedTardisTradesFileRoundTripsAcrossManyBlocks() throws IOException {
        int n = 30_000;
        Path file = writeTrades(tmp.resolve("binance-futures_trades_2020-09-01_BTCUSDT.csv.gz"), n, -1);
        List<Event> written = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            written.add(trade(i));
        }
        Map<VendorSource, List<Event>> direct = direct(file, IngestOptions.defaults());
        assertEquals(Map.of(GENERATED_TRADES, written), direct, "the reader delivers the rows the test wrote");
        try (Storage s = Storage.open(tmp.resolve("store"));
             Ingestor ingestor = new Ingestor(s, TimeBasedCompactor.perMinute())) {
            Ingestor.Result r = ingest(ingestor, file, IngestOptions.defaults());
            // 30,000 trades 3 ms apart span 90 s from a minute boundary: 2 one-minute blocks
            assertEquals(new IngestStats(n, n, 0, 0), r.stats());
            assertEquals(2, r.blocksWritten());
            assertEquals(direct.get(GENERATED_TRADES), readAll(s, GENERATED_TRADES));
        }
    }

    @Test
    void aGeneratedTardisQuotesFileRoundTrips() throws IOException {
        int n = 20_000;
        Path file = tmp.resolve("binance-futures_quotes_2020-09-01_BTCUSDT.csv");
        List<Event> written = new ArrayList<>();
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount\n");
            for (int i = 0; i < n; i++) {
                long ts = T0_MICROS + i * 10_000L;
                String bid = String.format(Locale.ROOT, "%d.%02d", 11_650 + i % 40, i % 100);
                String ask = String.format(Locale.ROOT, "%d.%02d", 11_651 + i % 40, i % 100);
                String bidSize = (i % 50) + ".5", askSize = (i % 11) + ".25";
                boolean noAsk = i % 997 == 0; // a side without a level: empty cells, NaN in the event
                w.write(String.join(",", "binance-futures", "BTCUSDT", Long.toString(ts), Long.toString(ts + 77),
                        noAsk ? "" : askSize, noAsk ? "" : ask, bid, bidSize) + "\n");
                written.add(new Quote().set(ts * 1000, (ts + 77) * 1000, Double.parseDouble(bid), Double.parseDouble(bidSize),
                        noAsk ? Double.NaN : Double.parseDouble(ask), noAsk ? Double.NaN : Double.parseDouble(askSize)));
            }
        }
        Map<VendorSource, List<Event>> direct = direct(file, IngestOptions.defaults());
        assertEquals(Map.of(GENERATED_QUOTES, written), direct, "the reader delivers the rows the test wrote");
        try (Storage s = Storage.open(tmp.resolve("store"));
             Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(3_000))) {
            Ingestor.Result r = ingest(ingestor, file, IngestOptions.defaults());
            assertEquals(7, r.blocksWritten(), "20,000 quotes in blocks of 3,000");
            assertEquals(written, readAll(s, GENERATED_QUOTES));
        }
    }

    /** Everything the catalog lists, as comparable values. */
    static List<Object> catalogContent(Storage s) {
        List<Object> all = new ArrayList<>();
        for (DataSourceMetadata d : s.catalog().dataSources()) {
            all.add(d);
            all.addAll(s.catalog().blocks(DataKind.DATA_SOURCE, d.key(), Long.MIN_VALUE, Long.MAX_VALUE));
        }
        all.addAll(s.catalog().features());
        return all;
    }

    static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    @Test
    void ingestingTheSameFileAgainWritesNothingAndLeavesTheCatalogAsItWas() throws IOException {
        Path trades = writeTrades(tmp.resolve("binance-futures_trades_2020-09-01_BTCUSDT.csv"), 5_000, -1);
        Path book = fixture("binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv");
        Path root = tmp.resolve("store");
        List<Object> catalogBefore;
        List<Path> filesBefore;
        try (Storage s = Storage.open(root); Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(1_000))) {
            assertEquals(5, ingest(ingestor, trades, IngestOptions.defaults()).blocksWritten());
            assertEquals(1, ingest(ingestor, book, IngestOptions.defaults()).blocksWritten());
            catalogBefore = catalogContent(s);
            filesBefore = filesUnder(root);
            assertEquals(6, filesBefore.size());
        }
        // again, in a new process-like session (fresh storage and ingestor)
        try (Storage s = Storage.open(root); Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(1_000))) {
            Ingestor.Result again = ingest(ingestor, trades, IngestOptions.defaults());
            assertEquals(0, again.blocksWritten());
            assertEquals(5_000, again.eventsAlreadyStored(), "every trade is already stored");
            Ingestor.Result bookAgain = ingest(ingestor, book, IngestOptions.defaults());
            assertEquals(0, bookAgain.blocksWritten());
            assertEquals(bookAgain.stats().eventsEmitted(), bookAgain.eventsAlreadyStored(), "every book message is already stored");
            assertEquals(catalogBefore, catalogContent(s));
            assertEquals(filesBefore, filesUnder(root));
        }
    }

    @Test
    void aBadRowStopsStrictIngestAtItsLineAndIsSkippedAndCountedWhenLenient() throws IOException {
        int n = 2_000, badLine = 1_234; // row index 1,232
        Path file = writeTrades(tmp.resolve("binance-futures_trades_2020-09-01_BTCUSDT.csv"), n, badLine);
        try (Storage s = Storage.open(tmp.resolve("strict")); Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(500))) {
            IngestException e = assertThrows(IngestException.class, () -> ingest(ingestor, file, IngestOptions.defaults()));
            assertTrue(e.getMessage().contains(file + ":" + badLine), e.getMessage());
            assertTrue(e.getMessage().contains("12x34.5"), e.getMessage());
            // blocks completed before the bad row may stay, but only whole and in order: a prefix of the file
            List<Event> stored = readAll(s, GENERATED_TRADES);
            assertTrue(stored.size() < badLine - 1, "nothing at or after the bad row is stored: " + stored.size());
            for (int i = 0; i < stored.size(); i++) {
                assertEquals(trade(i), stored.get(i));
            }
        }
        try (Storage s = Storage.open(tmp.resolve("lenient")); Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(500))) {
            Ingestor.Result r = ingest(ingestor, file, IngestOptions.defaults().lenient(true));
            assertEquals(new IngestStats(n, n - 1, 1, 1), r.stats());
            List<Event> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i + 2 != badLine) {
                    expected.add(trade(i));
                }
            }
            List<Event> stored = readAll(s, GENERATED_TRADES);
            assertEquals(expected, stored);
            assertFalse(stored.contains(trade(badLine - 2)));
        }
    }

    @Test
    void aBadRowInsideALongBlockLeavesNoHalfWrittenBlockAndTheIngestorUsable() throws IOException {
        int n = 150_000, badLine = 140_000; // two full row groups of the open one-hour block are in its temp file by then
        Path bad = writeTrades(tmp.resolve("binance-futures_trades_2020-09-01_BTCUSDT.csv"), n, badLine);
        Path good = writeTrades(tmp.resolve("binance-futures_trades_2020-09-02_BTCUSDT.csv"), 1_000, -1);
        try (Storage s = Storage.open(tmp.resolve("store")); Ingestor ingestor = new Ingestor(s, TimeBasedCompactor.perDay())) {
            assertThrows(IngestException.class, () -> ingest(ingestor, bad, IngestOptions.defaults()));
            try (Stream<Path> work = Files.list(tmp.resolve("store").resolve(".work"))) {
                assertEquals(List.of(), work.filter(p -> p.getFileName().toString().startsWith(".block-")).toList(),
                        "the unsealed block's temp file is removed");
            }
            assertEquals(List.of(), readAll(s, GENERATED_TRADES), "nothing of the bad file's open block is stored");
            assertEquals(1, ingest(ingestor, good, IngestOptions.defaults()).blocksWritten(), "the same ingestor goes on");
            assertEquals(1_000, readAll(s, GENERATED_TRADES).size());
        }
    }
}
