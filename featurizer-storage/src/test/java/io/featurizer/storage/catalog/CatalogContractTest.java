package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every catalog database must do; one subclass per dialect runs it against a real server or file.
 * Expectations are written out by hand; rows for the range queries are inserted with raw SQL so the
 * reading side is checked independently of {@code addBlock}.
 */
abstract class CatalogContractTest {
    static final String HOSTILE_SQL = "x'); DROP TABLE data_sources_metadata; --";
    static final List<String> HOSTILE = List.of(HOSTILE_SQL, "../../etc", "BTC-€-日本語-🚀", "a\"b\\c`d;e%f_g", "\t\n\r ",
            "'; DELETE FROM data_source_blocks_metadata WHERE '1'='1", "");

    /** Makes a new empty database the next {@link #openCatalog()} and {@link #rawConnection()} use. */
    abstract void newDatabase() throws Exception;

    /** A catalog on the current database. */
    abstract JdbcCatalog openCatalog();

    /** A plain JDBC connection to the current database, for hand-made rows and sabotage. */
    abstract Connection rawConnection() throws SQLException;

    JdbcCatalog catalog;

    @BeforeEach
    void openFreshCatalog() throws Exception {
        newDatabase();
        catalog = openCatalog();
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
    }

    static DataSourceMetadata source(String key, String symbol) {
        return new DataSourceMetadata(key, "l2_book", "BINANCE", "spot", symbol, "{\"depth\":10}");
    }

    static BlockMetadata block(DataKind kind, String key, String hash, long start, long end) {
        return new BlockMetadata(kind, key, "p/" + hash + ".parquet", hash, "1h", start, end, 10, 1000);
    }

    @Test
    void registersADataSourceOnceAndKeepsTheFirst() throws SQLException {
        DataSourceMetadata first = source("k1", "BTC-USDT");
        catalog.registerDataSource(first);
        catalog.registerDataSource(first);
        catalog.registerDataSource(source("k1", "ETH-USDT"));

        assertEquals(Optional.of(new DataSourceMetadata("k1", "l2_book", "BINANCE", "spot", "BTC-USDT", "{\"depth\":10}")),
                catalog.dataSource("k1"));
        assertEquals(1, count("data_sources_metadata"));
        assertEquals(Optional.empty(), catalog.dataSource("unknown"));
    }

    @Test
    void registersAFeatureOnceAndKeepsTheFirst() throws SQLException {
        FeatureMetadata first = new FeatureMetadata("f1", "mid", "mid_price", "{}", "[\"k1\"]");
        catalog.registerFeature(first);
        catalog.registerFeature(first);
        catalog.registerFeature(new FeatureMetadata("f1", "other", "spread", "{\"a\":1}", "[]"));

        assertEquals(Optional.of(new FeatureMetadata("f1", "mid", "mid_price", "{}", "[\"k1\"]")), catalog.feature("f1"));
        assertEquals(List.of(new FeatureMetadata("f1", "mid", "mid_price", "{}", "[\"k1\"]")), catalog.features());
        assertEquals(1, count("features_metadata"));
        assertEquals(Optional.empty(), catalog.feature("k1"));
    }

    @Test
    void listsDataSourcesByKey() {
        catalog.registerDataSource(source("b", "S2"));
        catalog.registerDataSource(source("a", "S1"));
        catalog.registerDataSource(source("c", "S3"));

        assertEquals(List.of(source("a", "S1"), source("b", "S2"), source("c", "S3")), catalog.dataSources());
    }

    @Test
    void addsABlockOncePerKindKeyAndHash() throws SQLException {
        BlockMetadata b = block(DataKind.DATA_SOURCE, "k1", "aaaa1111", 100, 200);
        assertFalse(catalog.hasBlock(DataKind.DATA_SOURCE, "k1", "aaaa1111"));

        assertTrue(catalog.addBlock(b));
        assertFalse(catalog.addBlock(b));
        // same key and hash, other content: still the same block, the first row stays
        assertFalse(catalog.addBlock(new BlockMetadata(DataKind.DATA_SOURCE, "k1", "elsewhere", "aaaa1111", "1d", 1, 2, 3, 4)));
        assertTrue(catalog.hasBlock(DataKind.DATA_SOURCE, "k1", "aaaa1111"));
        assertFalse(catalog.hasBlock(DataKind.FEATURE, "k1", "aaaa1111"));
        assertFalse(catalog.hasBlock(DataKind.DATA_SOURCE, "k2", "aaaa1111"));

        // the same hash under another key or kind is another block
        assertTrue(catalog.addBlock(block(DataKind.DATA_SOURCE, "k2", "aaaa1111", 100, 200)));
        assertTrue(catalog.addBlock(block(DataKind.FEATURE, "k1", "aaaa1111", 100, 200)));

        assertEquals(List.of(new BlockMetadata(DataKind.DATA_SOURCE, "k1", "p/aaaa1111.parquet", "aaaa1111", "1h", 100, 200, 10, 1000)),
                catalog.blocks(DataKind.DATA_SOURCE, "k1", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(2, count("data_source_blocks_metadata"));
        assertEquals(1, count("feature_blocks_metadata"));
    }

    @Test
    void findsBlocksOverlappingAnInclusiveRangeInOrder() throws SQLException {
        // hand-made rows; the query range is [200, 300]
        insertRaw("data_source_blocks_metadata", "k", "before", 50, 99);
        insertRaw("data_source_blocks_metadata", "k", "endsjustbefore", 100, 199);
        insertRaw("data_source_blocks_metadata", "k", "endsatfrom", 100, 200);
        insertRaw("data_source_blocks_metadata", "k", "inside", 210, 290);
        insertRaw("data_source_blocks_metadata", "k", "longer", 250, 260);
        insertRaw("data_source_blocks_metadata", "k", "shorter", 250, 255);
        insertRaw("data_source_blocks_metadata", "k", "startsatto", 300, 400);
        insertRaw("data_source_blocks_metadata", "k", "after", 301, 500);
        insertRaw("data_source_blocks_metadata", "k", "covers", 150, 350);
        insertRaw("data_source_blocks_metadata", "other", "otherkey", 200, 300);
        insertRaw("feature_blocks_metadata", "k", "otherkind", 200, 300);

        assertEquals(List.of("endsatfrom", "covers", "inside", "shorter", "longer", "startsatto"),
                hashes(catalog.blocks(DataKind.DATA_SOURCE, "k", 200, 300)));
        assertEquals(List.of("covers", "startsatto"), hashes(catalog.blocks(DataKind.DATA_SOURCE, "k", 300, 300)));
        assertEquals(List.of(), hashes(catalog.blocks(DataKind.DATA_SOURCE, "k", 501, 1000)));
        assertEquals(List.of("otherkind"), hashes(catalog.blocks(DataKind.FEATURE, "k", 0, 1000)));
        assertEquals(new BlockMetadata(DataKind.DATA_SOURCE, "k", "p/inside", "inside", "1m", 210, 290, 7, 70),
                catalog.blocks(DataKind.DATA_SOURCE, "k", 280, 280).get(1));
        assertThrows(IllegalArgumentException.class, () -> catalog.blocks(DataKind.DATA_SOURCE, "k", 301, 300));
    }

    @Test
    void replacesBlocksInOneTransactionAndRecordsLineage() {
        BlockMetadata a = block(DataKind.DATA_SOURCE, "k", "aaaa", 10, 20), b = block(DataKind.DATA_SOURCE, "k", "bbbb", 21, 30);
        BlockMetadata c = block(DataKind.DATA_SOURCE, "k", "cccc", 10, 30);
        catalog.addBlock(a);
        catalog.addBlock(b);
        catalog.replaceBlocks(List.of(a, b), List.of(c));
        assertEquals(List.of("cccc"), catalog.blocks(DataKind.DATA_SOURCE, "k", 0, 100).stream().map(BlockMetadata::hash).toList());
        // re-adding a block that is also removed keeps it listed (a replace with the same content)
        catalog.replaceBlocks(List.of(c), List.of(c));
        assertEquals(List.of("cccc"), catalog.blocks(DataKind.DATA_SOURCE, "k", 0, 100).stream().map(BlockMetadata::hash).toList());
        // an invalid block is refused before anything changes
        BlockMetadata broken = block(DataKind.DATA_SOURCE, "k\0", "dddd", 1, 2);
        assertThrows(IllegalArgumentException.class, () -> catalog.replaceBlocks(List.of(c), List.of(broken)));
        assertEquals(1, catalog.blocks(DataKind.DATA_SOURCE, "k", 0, 100).size(), "nothing removed");

        BlockMetadata f = block(DataKind.FEATURE, "f", "ffff", 10, 30);
        catalog.addBlock(f);
        assertEquals(Optional.empty(), catalog.lineage(f));
        catalog.setLineage(f, "run:one", "[\"data_sources/k/aaaa\"]");
        catalog.setLineage(f, "run:two", "[\"data_sources/k/cccc\"]");
        assertEquals(Optional.of("run:two"), catalog.lineage(f), "the latest lineage replaces the first");
        catalog.replaceBlocks(List.of(f), List.of());
        assertEquals(Optional.empty(), catalog.lineage(f), "an unlisted block's lineage goes with it");
    }

    @Test
    void ordersTimestampsAsNumbersNotText() {
        // as text "10" < "100" < "9"; as nanoseconds 9 < 10 < 100
        catalog.addBlock(block(DataKind.FEATURE, "k", "cccc", 100, 100));
        catalog.addBlock(block(DataKind.FEATURE, "k", "aaaa", 10, 1000));
        catalog.addBlock(block(DataKind.FEATURE, "k", "bbbb", 9, 9));

        assertEquals(List.of("bbbb", "aaaa", "cccc"), hashes(catalog.blocks(DataKind.FEATURE, "k", 0, 99_999)));
        assertEquals(List.of("aaaa", "cccc"), hashes(catalog.blocks(DataKind.FEATURE, "k", 50, 99_999)));
    }

    @Test
    void keepsNanosecondTimestampsAndLargeCountsExactly() {
        BlockMetadata b = new BlockMetadata(DataKind.DATA_SOURCE, "k", "path", "abcdef01", "1d",
                1_700_000_000_123_456_789L, 9_223_372_036_854_775_806L, 3_000_000_000L, 5_000_000_000L);
        catalog.addBlock(b);

        assertEquals(List.of(new BlockMetadata(DataKind.DATA_SOURCE, "k", "path", "abcdef01", "1d",
                        1_700_000_000_123_456_789L, 9_223_372_036_854_775_806L, 3_000_000_000L, 5_000_000_000L)),
                catalog.blocks(DataKind.DATA_SOURCE, "k", 1_700_000_000_123_456_789L, 1_700_000_000_123_456_789L));
        assertEquals(List.of(), catalog.blocks(DataKind.DATA_SOURCE, "k", 0, 1_700_000_000_123_456_788L));
    }

    @Test
    void storesHostileNamesVerbatimAndKeepsItsTables() throws SQLException {
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            catalog.registerDataSource(new DataSourceMetadata(h + i, h, h, h, h, h));
            catalog.registerFeature(new FeatureMetadata(h + i, h, h, h, h));
            assertTrue(catalog.addBlock(new BlockMetadata(DataKind.DATA_SOURCE, h, h, h, h, i, i, i, i)));
        }
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            assertEquals(Optional.of(new DataSourceMetadata(h + i, h, h, h, h, h)), catalog.dataSource(h + i));
            assertEquals(Optional.of(new FeatureMetadata(h + i, h, h, h, h)), catalog.feature(h + i));
            assertTrue(catalog.hasBlock(DataKind.DATA_SOURCE, h, h));
            assertEquals(List.of(new BlockMetadata(DataKind.DATA_SOURCE, h, h, h, h, i, i, i, i)),
                    catalog.blocks(DataKind.DATA_SOURCE, h, 0, 100));
        }
        assertEquals(HOSTILE.size(), count("data_sources_metadata"));
        assertEquals(HOSTILE.size(), count("features_metadata"));
        assertEquals(HOSTILE.size(), count("data_source_blocks_metadata"));
        assertFalse(catalog.hasBlock(DataKind.DATA_SOURCE, "' OR '1'='1", "' OR '1'='1"));
        assertEquals(Optional.empty(), catalog.dataSource("' OR '1'='1"));
    }

    @Test
    void refusesNulAndMissingValuesNamingTheField() {
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> catalog.registerDataSource(new DataSourceMetadata("k", "d", "e", "spot", "BTC\0", "{}")));
        assertTrue(nul.getMessage().contains("symbol"), nul.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> catalog.registerFeature(new FeatureMetadata("f", null, "d", "{}", "[]")));
        assertTrue(missing.getMessage().contains("name"), missing.getMessage());
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class,
                () -> catalog.addBlock(block(DataKind.DATA_SOURCE, "k", "abcd", 200, 100)));
        assertTrue(backwards.getMessage().contains("p/abcd.parquet"), backwards.getMessage());
        assertEquals(List.of(), catalog.dataSources());
        assertEquals(List.of(), catalog.features());
    }

    @Test
    void recordsWhenEachRowWasAdded() throws SQLException {
        long before = nowNanos();
        catalog.addBlock(block(DataKind.DATA_SOURCE, "k", "abcd", 1, 2));
        long after = nowNanos();
        try (Connection c = rawConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT created_at FROM data_source_blocks_metadata")) {
            assertTrue(r.next());
            long createdAt = r.getLong(1);
            assertTrue(createdAt >= before && createdAt <= after, before + " <= " + createdAt + " <= " + after);
        }
    }

    @Test
    void reopensWithItsDataAndOneSchemaVersion() throws SQLException {
        catalog.registerDataSource(source("k", "S"));
        catalog.addBlock(block(DataKind.DATA_SOURCE, "k", "abcd", 1, 2));
        catalog.close();
        catalog = openCatalog();

        assertEquals(List.of(source("k", "S")), catalog.dataSources());
        assertTrue(catalog.hasBlock(DataKind.DATA_SOURCE, "k", "abcd"));
        try (Connection c = rawConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
            assertTrue(r.next());
            assertEquals(1, r.getInt(1));
            assertFalse(r.next());
        }
    }

    @Test
    void createsItsSchemaOnceWhenOpenedConcurrently() throws Exception {
        newDatabase();
        List<Callable<JdbcCatalog>> opens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            opens.add(this::openCatalog);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<JdbcCatalog> opened : pool.invokeAll(opens)) {
                try (JdbcCatalog c = opened.get()) {
                    c.registerDataSource(source("k", "S"));
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, count("schema_version"));
        assertEquals(1, count("data_sources_metadata"));
    }

    @Test
    void refusesACatalogWithANewerSchema() throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version (version) VALUES (99)");
        }
        CatalogException e = assertThrows(CatalogException.class, this::openCatalog);
        assertEquals("open", e.operation());
        assertTrue(e.getMessage().startsWith(catalog.database() + ": open failed"), e.getMessage());
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void namesTheDatabaseAndOperationWhenSqlFails() throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE feature_blocks_metadata");
        }
        CatalogException e = assertThrows(CatalogException.class, () -> catalog.addBlock(block(DataKind.FEATURE, "k", "abcd", 1, 2)));
        assertEquals("addBlock", e.operation());
        assertEquals(catalog.database(), e.database());
        assertTrue(e.getMessage().startsWith(catalog.database() + ": addBlock failed: "), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
        // the catalog stays usable for what is intact
        catalog.registerDataSource(source("k", "S"));
        assertEquals(List.of(source("k", "S")), catalog.dataSources());
    }

    @Test
    void addsEachBlockOnceFromManyThreads() throws Exception {
        int threads = 4;
        int blocks = 50;
        AtomicInteger added = new AtomicInteger();
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(() -> {
                for (int b = 0; b < blocks; b++) {
                    catalog.registerDataSource(source("k", "S"));
                    if (catalog.addBlock(block(DataKind.DATA_SOURCE, "k", String.format("%08x", b), b * 10L, b * 10L + 9))) {
                        added.incrementAndGet();
                    }
                    catalog.blocks(DataKind.DATA_SOURCE, "k", 0, b * 10L);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> done : pool.invokeAll(writers)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(blocks, added.get());
        List<BlockMetadata> all = catalog.blocks(DataKind.DATA_SOURCE, "k", 0, Long.MAX_VALUE);
        assertEquals(blocks, all.size());
        for (int b = 0; b < blocks; b++) {
            assertEquals(b * 10L, all.get(b).startTs());
        }
    }

    @Test
    void refusesCallsAfterClose() {
        catalog.close();
        assertThrows(IllegalStateException.class, () -> catalog.dataSources());
        catalog.close();
    }

    /** Inserts a block row by hand: event count 7, size 70, compaction 1m, path p/{hash}. */
    void insertRaw(String table, String key, String hash, long start, long end) throws SQLException {
        try (Connection c = rawConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                + " (key, hash, path, compaction, start_ts, end_ts, event_count, size_bytes, created_at) VALUES (?, ?, ?, '1m', ?, ?, 7, 70, 0)")) {
            insert.setString(1, key);
            insert.setString(2, hash);
            insert.setString(3, "p/" + hash);
            insert.setLong(4, start);
            insert.setLong(5, end);
            insert.executeUpdate();
        }
    }

    long count(String table) throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    static List<String> hashes(List<BlockMetadata> blocks) {
        return blocks.stream().map(BlockMetadata::hash).toList();
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
