package io.featurizer.storage;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.DataSourceMetadata;
import io.featurizer.storage.explore.StorageSql;
import io.featurizer.storage.ingest.IngestOptions;
import io.featurizer.storage.ingest.Ingestor;
import io.featurizer.storage.ingest.TardisReader;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Symbols that would escape the storage root or inject SQL if pasted into a path or a query: they are
 * stored under the root only (the block paths hold the definition and the feature key, never the
 * symbol), kept verbatim in the catalog, and the SQL views over them still work under cleaned names.
 */
class HostileNamesTest {
    static final List<String> HOSTILE = List.of("../../x", "a/b", "a_b", "x'); DROP TABLE data_sources_metadata; --", "..", ".",
            "/etc/passwd", "C:\\evil\\..\\x", "\"quoted\"; DROP VIEW blocks", "ビットコイン/円", "BTC\u2010USDT 💰", "%2e%2e%2fx");

    /** data_sources/{definition}/{32-hex key}/{compaction}/{day}/{start}-{end}-{hash}.parquet: nothing from a symbol. */
    static final Pattern BLOCK_PATH = Pattern.compile(
            "data_sources/(l2_book|trades)/([0-9a-f]{32})/count-100/\\d{4}-\\d{2}-\\d{2}/\\d+-\\d+-[0-9a-f]+\\.parquet");

    @TempDir
    Path tmp;

    static List<Event> market(long seed, int n) {
        SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(seed).withRates(200, 50, 0));
        List<Event> out = new ArrayList<>();
        while (out.size() < n) {
            if (m.next() != SyntheticMarket.Channel.TICKER) {
                out.add(m.event().copy());
            }
        }
        return out;
    }

    static List<Event> readAll(Storage s, Feature f) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = s.read(f, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.current().copy());
            }
        }
        return out;
    }

    static Path resource(String name) {
        try {
            return Path.of(HostileNamesTest.class.getResource("/ingest/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every file under {@code tmp} is inside the storage root or the journal folder, and every file in the root is
     * the catalog, a work file, or a block whose path matches {@link #BLOCK_PATH} with one of {@code keys}.
     */
    void assertEverythingStaysInside(Path root, Set<String> keys, Set<String> blockPaths) throws IOException {
        Set<String> seenBlocks = new HashSet<>();
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                assertTrue(p.startsWith(root) || p.startsWith(tmp.resolve("journal")), "file outside the storage root: " + p);
                if (!p.startsWith(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                if (rel.startsWith("catalog.db") || rel.startsWith(".work/")) {
                    continue;
                }
                var m = BLOCK_PATH.matcher(rel);
                assertTrue(m.matches(), "unexpected file in the storage root: " + rel);
                assertTrue(keys.contains(m.group(2)), "block of an unknown key: " + rel);
                seenBlocks.add(rel);
            }
        }
        assertEquals(blockPaths, seenBlocks, "the files are exactly the blocks the catalog lists");
    }

    static Set<String> blockPaths(Storage s) {
        Set<String> paths = new HashSet<>();
        for (DataSourceMetadata d : s.catalog().dataSources()) {
            for (BlockMetadata b : s.catalog().blocks(DataKind.DATA_SOURCE, d.key(), Long.MIN_VALUE, Long.MAX_VALUE)) {
                paths.add(b.path());
            }
        }
        return paths;
    }

    /** The catalog's own tables are all still there, with the expected row count (read behind the API's back). */
    static void assertCatalogTablesIntact(Path root, int dataSources) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve(Storage.CATALOG_FILE));
             Statement st = c.createStatement()) {
            Set<String> tables = new HashSet<>();
            try (ResultSet r = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            assertTrue(tables.containsAll(Set.of("data_sources_metadata", "features_metadata", "data_source_blocks_metadata",
                    "feature_blocks_metadata")), tables.toString());
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM data_sources_metadata")) {
                r.next();
                assertEquals(dataSources, r.getInt(1));
            }
        }
    }

    static long count(StorageSql sql, String query) throws SQLException {
        try (Statement st = sql.connection().createStatement(); ResultSet r = st.executeQuery(query)) {
            assertTrue(r.next());
            return r.getLong(1);
        }
    }

    static List<Long> timestamps(StorageSql sql, String query) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement st = sql.connection().createStatement(); ResultSet r = st.executeQuery(query)) {
            while (r.next()) {
                out.add(r.getLong(1));
            }
        }
        return out;
    }

    static String quoted(String identifier) {
        return '"' + identifier + '"';
    }

    @Test
    void recordedHostileSymbolsStayUnderTheRootAndKeepTheCatalogAndSqlWorking() throws Exception {
        Path root = tmp.resolve("store");
        Map<Feature, List<Event>> expected = new HashMap<>();
        try (Storage s = Storage.open(root)) {
            try (Recorder r = Recorder.open(s, tmp.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(100))) {
                for (int i = 0; i < HOSTILE.size(); i++) {
                    Feature book = Features.l2Book("BINANCE", "spot", HOSTILE.get(i));
                    Feature trades = Features.trades("BINANCE", "spot", HOSTILE.get(i));
                    var bookCb = r.callback(book);
                    var tradesCb = r.callback(trades);
                    List<Event> events = market(i + 1, 400);
                    for (Event e : events) {
                        (e instanceof BookUpdate ? bookCb : tradesCb).onEvent(null, e);
                    }
                    expected.put(book, events.stream().filter(BookUpdate.class::isInstance).toList());
                    expected.put(trades, events.stream().filter(Trade.class::isInstance).toList());
                }
            }
            for (var e : expected.entrySet()) {
                assertEquals(e.getValue(), readAll(s, e.getKey()), "read back of " + e.getKey());
            }
            Set<String> catalogued = new HashSet<>();
            for (DataSourceMetadata d : s.catalog().dataSources()) {
                assertEquals("BINANCE", d.exchange());
                assertEquals("spot", d.instrumentType());
                catalogued.add(d.definition() + " " + d.symbol());
            }
            Set<String> wanted = new HashSet<>();
            HOSTILE.forEach(h -> wanted.addAll(List.of("l2_book " + h, "trades " + h)));
            assertEquals(wanted, catalogued, "every symbol is kept verbatim");

            Set<String> keys = new HashSet<>();
            expected.keySet().forEach(f -> keys.add(f.key()));
            assertEverythingStaysInside(root, keys, blockPaths(s));
            assertCatalogTablesIntact(root, 2 * HOSTILE.size());

            try (StorageSql sql = StorageSql.open(s)) {
                List<String> views = sql.views();
                assertEquals(2 * HOSTILE.size(), new HashSet<>(views).size(), "one distinct view per data source: " + views);
                for (String v : views) {
                    assertTrue(v.matches("[a-z0-9_]+"), "view name is cleaned: " + v);
                }
                Map<String, String> names = StorageSql.viewNames(s.catalog());
                assertEquals(new HashSet<>(views), new HashSet<>(names.values()), "'catalog ls' names are the views");
                for (DataSourceMetadata d : s.catalog().dataSources()) {
                    String view = names.get(d.key());
                    String base = StorageSql.viewName(d);
                    if (d.symbol().equals("a/b") || d.symbol().equals("a_b")) {
                        // they clean alike: one keeps the name, the other gets its key's first 8 digits
                        assertTrue(view.equals(base) || view.equals(base + "_" + d.key().substring(0, 8)), view);
                    } else {
                        assertEquals(base, view);
                    }
                    Feature f = d.definition().equals("l2_book") ? Features.l2Book("BINANCE", "spot", d.symbol())
                            : Features.trades("BINANCE", "spot", d.symbol());
                    // seq > 0: the recorded events, not the block-start snapshots the recorder adds
                    List<Long> want = expected.get(f).stream().map(Event::ts).toList();
                    assertEquals(want, timestamps(sql, "SELECT epoch_ns(timestamp) FROM " + quoted(view) + " WHERE seq > 0 ORDER BY seq"), view);
                }
                String clash = "trades_binance_spot_a_b";
                assertTrue(views.contains(clash), views.toString());
                assertEquals(2, views.stream().filter(v -> v.startsWith(clash)).count(), views.toString());
                assertEquals(blockPaths(s).size(), count(sql, "SELECT count(*) FROM blocks"));
            }
            assertCatalogTablesIntact(root, 2 * HOSTILE.size());
        }
    }

    @Test
    void ingestedFilesWithAHostileSymbolOverrideStayUnderTheRoot() throws Exception {
        Path root = tmp.resolve("store");
        Path file = resource("deribit_trades_2020-04-01_BTC-PERPETUAL.csv");
        List<Event> plain = new ArrayList<>();
        try (TardisReader reader = TardisReader.open(file, IngestOptions.defaults())) {
            reader.read((source, event, line) -> plain.add(event.copy()));
        }
        assertEquals(3, plain.size());
        try (Storage s = Storage.open(root); Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(100))) {
            Set<String> keys = new HashSet<>();
            for (String h : HOSTILE) {
                try (TardisReader reader = TardisReader.open(file, IngestOptions.defaults().withSymbol(h))) {
                    assertEquals(1, ingestor.ingest(reader).blocksWritten(), h);
                }
                Feature f = Features.trades("DERIBIT", "perpetual", h);
                keys.add(f.key());
                assertEquals(plain, readAll(s, f), "read back of " + h);
            }
            Set<String> symbols = new HashSet<>();
            s.catalog().dataSources().forEach(d -> symbols.add(d.symbol()));
            assertEquals(new HashSet<>(HOSTILE), symbols);
            assertEverythingStaysInside(root, keys, blockPaths(s));
            assertCatalogTablesIntact(root, HOSTILE.size());
            try (StorageSql sql = StorageSql.open(s)) {
                assertEquals(HOSTILE.size(), sql.views().size());
                for (String v : sql.views()) {
                    assertTrue(v.matches("trades_deribit_perpetual_[a-z0-9_]+"), v);
                    assertEquals(3, count(sql, "SELECT count(*) FROM " + quoted(v)), v);
                }
            }
        }
    }

    static final List<String> BAD_SEGMENTS = List.of("../../x", "..", ".", "", "a/b", "/abs", "a\\b", "x'); DROP TABLE t; --", ".hidden",
            "-rf", "a\u0000b", "ビットコイン", "a b", "a..b", "x".repeat(129));

    @Test
    void storageLayoutRejectsHostileDefinitionKeyAndCompactionSegments() {
        String hash = "0123456789abcdef";
        for (String bad : BAD_SEGMENTS) {
            assertThrows(IllegalArgumentException.class, () -> StorageLayout.segment("definition", bad), bad);
            assertThrows(IllegalArgumentException.class,
                    () -> StorageLayout.blockKey(DataKind.DATA_SOURCE, bad, "0123abcd", "1m", 0, 1, hash), "definition " + bad);
            assertThrows(IllegalArgumentException.class,
                    () -> StorageLayout.blockKey(DataKind.DATA_SOURCE, "trades", bad, "1m", 0, 1, hash), "key " + bad);
            assertThrows(IllegalArgumentException.class,
                    () -> StorageLayout.blockKey(DataKind.FEATURE, "price.mid_price_fd", "0123abcd", bad, 0, 1, hash), "compaction " + bad);
            assertThrows(IllegalArgumentException.class, () -> new StreamId(DataKind.DATA_SOURCE, bad, "0123abcd", Trade.SCHEMA), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> StorageLayout.blockKey(DataKind.FEATURE, "f", "k", "1m", 0, 1, "../x"), "hash");
        assertThrows(IllegalArgumentException.class, () -> StorageLayout.segment(null, null));
        // what real streams use is accepted, and lands where the layout says
        assertEquals("features/price.mid_price_fd/0123abcd/count-100/1970-01-01/5-9-0123456789abcdef.parquet",
                StorageLayout.blockKey(DataKind.FEATURE, "price.mid_price_fd", "0123abcd", "count-100", 5, 9, hash));
        assertEquals("memory-64mb", StorageLayout.segment("compaction", "memory-64mb"));
    }
}
