package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Catalog} over plain JDBC: an embedded SQLite file by default ({@link #sqlite(Path)},
 * {@code catalog.db} in the storage root), PostgreSQL for teams ({@link #postgres}).
 *
 * <p>Threading: one connection per catalog, opened lazily and reopened after it is lost; calls are
 * serialised on it (the catalog is touched once per block, not per event, so the lock is never hot).
 * Several processes share a SQLite file through WAL and a busy timeout; every write is a single
 * autocommitted statement, so write locks are held for microseconds.
 *
 * <p>Every value goes through {@link PreparedStatement} parameters; table names are constants. Text
 * values are stored verbatim, except that NUL characters are refused (PostgreSQL cannot store them).
 * SQL failures surface as {@link CatalogException} naming the database and the operation.
 */
public final class JdbcCatalog implements Catalog {
    /** The SQLite catalog's file name inside the storage root. */
    public static final String FILE_NAME = "catalog.db";

    private static final String BLOCK_COLUMNS = "key, path, hash, compaction, start_ts, end_ts, event_count, size_bytes";
    private static final String DATA_SOURCE_COLUMNS = "key, definition, exchange, instrument_type, symbol, params";
    private static final String FEATURE_COLUMNS = "key, name, definition, params, data_source_keys";

    private final SqlDialect dialect;
    private final String url;
    private final String user;
    private final String password;
    private final String database;
    private final Object lock = new Object();
    private Connection connection;
    private boolean closed;

    private final boolean readOnly;

    private JdbcCatalog(SqlDialect dialect, String url, String user, String password) {
        this(dialect, url, user, password, false);
    }

    private JdbcCatalog(SqlDialect dialect, String url, String user, String password, boolean readOnly) {
        this.dialect = dialect;
        this.url = url;
        this.user = user;
        this.password = password;
        this.readOnly = readOnly;
        this.database = dialect.describe(url) + (readOnly ? " (read-only)" : "");
        try {
            run("open", c -> {
                try {
                    if (readOnly) {
                        CatalogSchema.check(c);
                    } else {
                        CatalogSchema.ensure(c, dialect);
                    }
                } catch (CatalogSchema.SchemaTooNewException e) {
                    throw new CatalogException(database, "open", e.getMessage(), e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The SQLite catalog in a storage root: {@code root/catalog.db}. */
    public static JdbcCatalog inStorageRoot(Path storageRoot) {
        return sqlite(storageRoot.resolve(FILE_NAME));
    }

    /** A SQLite catalog in {@code file}, created with its parent folders if missing. */
    public static JdbcCatalog sqlite(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new CatalogException("SQLite catalog " + absolute, "open", "cannot create folder " + absolute.getParent(), e);
        }
        return new JdbcCatalog(SqlDialect.SQLITE, "jdbc:sqlite:" + absolute, null, null);
    }

    /**
     * An existing SQLite catalog opened read-only (SQLite's own read-only flag): reads work where the file or its
     * folder cannot be written (a read-only mount, another user's store), and nothing a reader does can change it.
     * Where SQLite cannot even create the WAL's shared-memory file beside it, the file is read as immutable (no
     * writer may be running then). Any write fails, naming the catalog.
     */
    public static JdbcCatalog sqliteReadOnly(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new CatalogException("SQLite catalog " + absolute, "open", "no catalog file there", null);
        }
        try {
            return new JdbcCatalog(SqlDialect.SQLITE, "jdbc:sqlite:" + absolute, null, null, true);
        } catch (CatalogException e) {
            return new JdbcCatalog(SqlDialect.SQLITE, "jdbc:sqlite:file:" + absolute + "?immutable=1", null, null, true);
        }
    }

    /** A PostgreSQL catalog, e.g. {@code postgres("jdbc:postgresql://db:5432/featurizer", "fz", secret)}. */
    public static JdbcCatalog postgres(String jdbcUrl, String user, String password) {
        if (SqlDialect.of(jdbcUrl) != SqlDialect.POSTGRES) {
            throw new IllegalArgumentException("'" + jdbcUrl + "' is not a PostgreSQL URL: expected jdbc:postgresql://host:port/database");
        }
        return new JdbcCatalog(SqlDialect.POSTGRES, jdbcUrl, user, password);
    }

    /**
     * A catalog from a JDBC URL: {@code jdbc:sqlite:/path/catalog.db} or {@code jdbc:postgresql://...}
     * (PostgreSQL credentials as URL parameters {@code user} and {@code password}).
     */
    public static JdbcCatalog open(String jdbcUrl) {
        return new JdbcCatalog(SqlDialect.of(jdbcUrl), jdbcUrl, null, null);
    }

    /** Names the database in messages, e.g. {@code SQLite catalog /data/catalog.db}. */
    public String database() {
        return database;
    }

    @Override
    public void registerDataSource(DataSourceMetadata meta) {
        String[] text = {meta.key(), meta.definition(), meta.exchange(), meta.instrumentType(), meta.symbol(), meta.paramsJson()};
        checkText("data source", DATA_SOURCE_COLUMNS, text);
        insert("registerDataSource", "INSERT INTO " + CatalogSchema.DATA_SOURCES + " (" + DATA_SOURCE_COLUMNS
                + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", text);
    }

    @Override
    public void registerFeature(FeatureMetadata meta) {
        String[] text = {meta.key(), meta.name(), meta.definition(), meta.paramsJson(), meta.dataSourceKeysJson()};
        checkText("feature", FEATURE_COLUMNS, text);
        insert("registerFeature", "INSERT INTO " + CatalogSchema.FEATURES + " (" + FEATURE_COLUMNS
                + ", created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", text);
    }

    @Override
    public boolean addBlock(BlockMetadata block) {
        checkBlock(block);
        String sql = "INSERT INTO " + CatalogSchema.blocksTable(block.kind()) + " (" + BLOCK_COLUMNS
                + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        return run("addBlock", c -> {
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                bindBlock(insert, block);
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean setBlockHash(BlockMetadata block, String newHash) {
        String sql = "UPDATE " + CatalogSchema.blocksTable(block.kind()) + " SET hash = ? WHERE key = ? AND path = ? AND hash = ?";
        return run("setBlockHash", c -> {
            try (PreparedStatement update = c.prepareStatement(sql)) {
                update.setString(1, newHash);
                update.setString(2, block.key());
                update.setString(3, block.path());
                update.setString(4, block.hash());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void replaceBlocks(List<BlockMetadata> remove, List<BlockMetadata> add) {
        add.forEach(JdbcCatalog::checkBlock);
        run("replaceBlocks", c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (BlockMetadata b : remove) {
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + CatalogSchema.blocksTable(b.kind())
                            + " WHERE key = ? AND hash = ?")) {
                        delete.setString(1, b.key());
                        delete.setString(2, b.hash());
                        delete.executeUpdate();
                    }
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + CatalogSchema.BLOCK_LINEAGE + " WHERE key = ? AND hash = ?")) {
                        delete.setString(1, b.key());
                        delete.setString(2, b.hash());
                        delete.executeUpdate();
                    }
                }
                for (BlockMetadata b : add) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + CatalogSchema.blocksTable(b.kind()) + " (" + BLOCK_COLUMNS
                            + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                        bindBlock(insert, b);
                        insert.executeUpdate();
                    }
                }
                c.commit();
                return null;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        });
    }

    @Override
    public void setLineage(BlockMetadata block, String lineage, String inputsJson) {
        checkText("lineage", "key, hash, lineage, inputs", block.key(), block.hash(), lineage, inputsJson);
        run("setLineage", c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + CatalogSchema.BLOCK_LINEAGE
                    + " (key, hash, lineage, inputs) VALUES (?, ?, ?, ?) ON CONFLICT (key, hash) DO UPDATE SET lineage = excluded.lineage,"
                    + " inputs = excluded.inputs")) {
                upsert.setString(1, block.key());
                upsert.setString(2, block.hash());
                upsert.setString(3, lineage);
                upsert.setString(4, inputsJson);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> lineage(BlockMetadata block) {
        return run("lineage", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT lineage FROM " + CatalogSchema.BLOCK_LINEAGE + " WHERE key = ? AND hash = ?")) {
                query.setString(1, block.key());
                query.setString(2, block.hash());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public boolean hasBlock(DataKind kind, String key, String hash) {
        String sql = "SELECT 1 FROM " + CatalogSchema.blocksTable(kind) + " WHERE key = ? AND hash = ?";
        return run("hasBlock", c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setString(1, key);
                query.setString(2, hash);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public List<BlockMetadata> blocks(DataKind kind, String key, long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("block range of '" + key + "' starts at " + from + ", after its end " + to);
        }
        String sql = "SELECT " + BLOCK_COLUMNS + " FROM " + CatalogSchema.blocksTable(kind)
                + " WHERE key = ? AND start_ts <= ? AND end_ts >= ? ORDER BY start_ts, end_ts, created_at, hash";
        return run("blocks", c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setString(1, key);
                query.setLong(2, to);
                query.setLong(3, from);
                List<BlockMetadata> blocks = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        blocks.add(new BlockMetadata(kind, rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8)));
                    }
                }
                return blocks;
            }
        });
    }

    @Override
    public Optional<DataSourceMetadata> dataSource(String key) {
        checkText("data source", "key", key);
        return dataSources("dataSource", " WHERE key = ?", key).stream().findFirst();
    }

    @Override
    public Optional<FeatureMetadata> feature(String key) {
        checkText("feature", "key", key);
        return features("feature", " WHERE key = ?", key).stream().findFirst();
    }

    @Override
    public List<DataSourceMetadata> dataSources() {
        return dataSources("dataSources", " ORDER BY key", null);
    }

    @Override
    public List<FeatureMetadata> features() {
        return features("features", " ORDER BY key", null);
    }

    /** Closes the connection; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            dropConnection();
        }
    }

    @Override
    public String toString() {
        return database;
    }

    private List<DataSourceMetadata> dataSources(String operation, String where, String key) {
        String sql = "SELECT " + DATA_SOURCE_COLUMNS + " FROM " + CatalogSchema.DATA_SOURCES + where;
        return select(operation, sql, key, rows -> new DataSourceMetadata(rows.getString(1), rows.getString(2),
                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6)));
    }

    private List<FeatureMetadata> features(String operation, String where, String key) {
        String sql = "SELECT " + FEATURE_COLUMNS + " FROM " + CatalogSchema.FEATURES + where;
        return select(operation, sql, key, rows -> new FeatureMetadata(rows.getString(1), rows.getString(2),
                rows.getString(3), rows.getString(4), rows.getString(5)));
    }

    private <T> List<T> select(String operation, String sql, String key, RowMapper<T> mapper) {
        return run(operation, c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                if (key != null) {
                    query.setString(1, key);
                }
                List<T> result = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        result.add(mapper.map(rows));
                    }
                }
                return result;
            }
        });
    }

    /** Inserts the text values then created_at. */
    private void insert(String operation, String sql, String[] text) {
        run(operation, c -> {
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (int i = 0; i < text.length; i++) {
                    insert.setString(i + 1, text[i]);
                }
                insert.setLong(text.length + 1, nowNanos());
                return insert.executeUpdate();
            }
        });
    }

    private <T> T run(String operation, SqlWork<T> work) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(database + ": " + operation + " after close");
            }
            try {
                if (connection == null) {
                    connection = dialect.connect(url, user, password, readOnly);
                }
                return work.run(connection);
            } catch (SQLException e) {
                if (connectionLost(e)) {
                    dropConnection();
                }
                throw new CatalogException(database, operation, e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
            }
        }
    }

    /** SQLState class 08 is a connection error, 57P a server shutdown; a driver may also just close the connection. */
    private boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        try {
            return (state != null && (state.startsWith("08") || state.startsWith("57P"))) || connection == null || connection.isClosed();
        } catch (SQLException ignored) {
            return true;
        }
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already unusable; the next call opens a fresh one
            }
            connection = null;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_CREATED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Wall-clock ns, strictly increasing within this process: blocks with equal time ranges (a burst of
     * events at one timestamp cut by count) are listed in the order they were committed.
     */
    private static long nowNanos() {
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return LAST_CREATED.accumulateAndGet(t, (prev, next) -> Math.max(prev + 1, next));
    }

    private static void bindBlock(PreparedStatement insert, BlockMetadata block) throws SQLException {
        insert.setString(1, block.key());
        insert.setString(2, block.path());
        insert.setString(3, block.hash());
        insert.setString(4, block.compaction());
        insert.setLong(5, block.startTs());
        insert.setLong(6, block.endTs());
        insert.setLong(7, block.eventCount());
        insert.setLong(8, block.sizeBytes());
        insert.setLong(9, nowNanos());
    }

    private static void checkBlock(BlockMetadata block) {
        if (block.kind() == null) {
            throw new IllegalArgumentException("block " + block + " has no kind");
        }
        checkText("block", "key, path, hash, compaction", block.key(), block.path(), block.hash(), block.compaction());
        if (block.endTs() < block.startTs()) {
            throw new IllegalArgumentException("block " + block.path() + " ends at " + block.endTs() + ", before its start " + block.startTs());
        }
        if (block.eventCount() < 0 || block.sizeBytes() < 0) {
            throw new IllegalArgumentException("block " + block.path() + " has a negative event count or size: " + block);
        }
    }

    /** Refuses null and NUL-containing text, naming the column; {@code columns} lists the values' names in order. */
    private static void checkText(String what, String columns, String... values) {
        String[] names = columns.split(", ");
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(what + " " + names[i] + " is missing (null)");
            }
            if (values[i].indexOf('\0') >= 0) {
                throw new IllegalArgumentException(what + " " + names[i] + " '" + values[i].replace('\0', '?')
                        + "' contains a NUL character, which a catalog cannot store");
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }
}
