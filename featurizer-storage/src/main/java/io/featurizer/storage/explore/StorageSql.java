package io.featurizer.storage.explore;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.storage.DataKind;
import io.featurizer.storage.Json;
import io.featurizer.storage.Storage;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.Catalog;
import io.featurizer.storage.catalog.DataSourceMetadata;
import io.featurizer.storage.catalog.FeatureMetadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SQL over stored data: an in-memory DuckDB session with one view per stored data source and feature
 * (named by {@link #viewName}), reading their Parquet blocks in place, plus a {@code blocks} table copied
 * from the catalog. Names and paths are quoted, never pasted raw, so a hostile symbol cannot inject SQL.
 *
 * <p><b>A query cannot hurt the store.</b>
 * <ul>
 *   <li>{@link #query} runs read-only statements only: what DuckDB's own parser accepts as a query
 *       ({@code json_serialize_sql}: SELECT, WITH, FROM-first, DESCRIBE, SHOW, SUMMARIZE). COPY, ATTACH,
 *       INSTALL, SET, CREATE and the like are refused with the reason, so no query writes a file (a
 *       {@code COPY ... TO} over a block), loads code or changes the session. Other local Parquet and CSV files
 *       stay readable ({@code read_parquet('other.parquet')}).</li>
 *   <li>Results go to a file through {@link #export}, which writes a new file (temp file, then rename) and
 *       refuses any target inside the storage root.</li>
 *   <li>DuckDB installs and loads no extension on its own ({@code autoinstall_known_extensions} and
 *       {@code autoload_known_extensions} off, configuration locked): nothing is downloaded. Parquet and JSON are
 *       built in; an S3 store's blocks are fetched by Featurizer into a local cache first, so no httpfs is needed.</li>
 *   <li>A block file that is missing does not break the session: its stream's view reads the blocks that are
 *       there, and {@link #warnings()} names each missing block (stream and path).</li>
 * </ul>
 */
public final class StorageSql implements AutoCloseable {
    private final Connection connection;
    private final List<String> views = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Path root;

    private StorageSql(Connection connection) {
        this.connection = connection;
    }

    /** Opens a session over everything the storage's catalog lists. */
    public static StorageSql open(Storage storage) {
        try {
            StorageSql sql = new StorageSql(DriverManager.getConnection("jdbc:duckdb:"));
            try (Statement st = sql.connection.createStatement()) {
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
            }
            sql.root = storage.store() instanceof io.featurizer.storage.store.LocalDataStore local ? local.root() : null;
            sql.createViews(storage);
            try (Statement st = sql.connection.createStatement()) {
                st.execute("SET lock_configuration = true");
            }
            return sql;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a DuckDB session over storage: " + e.getMessage(), e);
        }
    }

    /**
     * A data source's view name: {@code {definition}_{exchange}_{instrument_type}_{symbol}}, then
     * {@code _{param}_{value}} for any other param (e.g. {@code _depth_25} for top-25 book snapshots),
     * lowercase, other characters as '_'.
     */
    public static String viewName(DataSourceMetadata d) {
        StringBuilder name = new StringBuilder(d.definition() + "_" + d.exchange() + "_" + d.instrumentType() + "_" + d.symbol());
        Json.scalarParams(d.paramsJson()).forEach((param, value) -> {
            if (!VENUE_PARAMS.contains(param)) {
                name.append('_').append(param).append('_').append(value);
            }
        });
        return clean(name.toString());
    }

    private static final Set<String> VENUE_PARAMS = Set.of(DataSourceDefinition.EXCHANGE, DataSourceDefinition.INSTRUMENT_TYPE, DataSourceDefinition.SYMBOL);

    /** A feature's view name: its display name, cleaned like a data source's. */
    public static String viewName(FeatureMetadata f) {
        return clean(f.name());
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            sb.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return sb.toString();
    }

    /**
     * The view of every data source and feature the catalog lists, by key, in catalog order: its
     * {@link #viewName}, or, when an earlier one already cleans to the same name (symbols {@code a/b} and
     * {@code a_b}), that name plus {@code _} and the key's first 8 digits. What 'catalog ls' shows.
     */
    public static Map<String, String> viewNames(Catalog catalog) {
        Set<String> taken = new HashSet<>(Set.of("blocks"));
        Map<String, String> names = new LinkedHashMap<>();
        for (DataSourceMetadata d : catalog.dataSources()) {
            names.put(d.key(), unique(viewName(d), d.key(), taken));
        }
        for (FeatureMetadata f : catalog.features()) {
            names.put(f.key(), unique(viewName(f), f.key(), taken));
        }
        return names;
    }

    private void createViews(Storage storage) throws SQLException {
        Map<String, String> names = viewNames(storage.catalog());
        for (DataSourceMetadata d : storage.catalog().dataSources()) {
            view(storage, DataKind.DATA_SOURCE, d.key(), names.get(d.key()));
        }
        for (FeatureMetadata f : storage.catalog().features()) {
            view(storage, DataKind.FEATURE, f.key(), names.get(f.key()));
        }
        blocksTable(storage);
    }

    private static String unique(String name, String key, Set<String> taken) {
        String n = taken.contains(name) ? name + "_" + key.substring(0, 8) : name;
        taken.add(n);
        return n;
    }

    private void view(Storage storage, DataKind kind, String key, String name) throws SQLException {
        List<BlockMetadata> blocks = storage.catalog().blocks(kind, key, Long.MIN_VALUE, Long.MAX_VALUE);
        if (blocks.isEmpty()) {
            return;
        }
        List<Path> files = new ArrayList<>();
        for (BlockMetadata b : blocks) {
            Path p;
            try {
                p = storage.fetch(b);
            } catch (java.io.UncheckedIOException e) {
                p = null;
            }
            if (p == null || !Files.isRegularFile(p)) {
                warnings.add("block " + storage.store().describe(b.path()) + " of " + name + " is missing: its "
                        + b.eventCount() + " events are left out of the view (featurizer catalog verify lists every problem)");
                continue;
            }
            files.add(p);
        }
        if (files.isEmpty()) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            // time columns as TIMESTAMP_NS, also from blocks written when they were plain BIGINT
            st.execute("CREATE VIEW " + identifier(name) + " AS " + ParquetBlocks.selectAllSql(files));
        }
        views.add(name);
    }

    private void blocksTable(Storage storage) throws SQLException {
        try (Statement st = connection.createStatement()) {
            // block times as TIMESTAMP_NS, comparable with the views' timestamp columns
            st.execute("CREATE TABLE blocks (kind VARCHAR, key VARCHAR, path VARCHAR, hash VARCHAR, compaction VARCHAR, "
                    + "start_ts TIMESTAMP_NS, end_ts TIMESTAMP_NS, event_count BIGINT, size_bytes BIGINT)");
        }
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT INTO blocks VALUES (?, ?, ?, ?, ?, make_timestamp_ns(?), make_timestamp_ns(?), ?, ?)")) {
            for (DataKind kind : DataKind.values()) {
                List<String> keys = new ArrayList<>();
                if (kind == DataKind.DATA_SOURCE) {
                    storage.catalog().dataSources().forEach(d -> keys.add(d.key()));
                } else {
                    storage.catalog().features().forEach(f -> keys.add(f.key()));
                }
                for (String key : keys) {
                    for (BlockMetadata b : storage.catalog().blocks(kind, key, Long.MIN_VALUE, Long.MAX_VALUE)) {
                        ins.setString(1, kind.folder());
                        ins.setString(2, b.key());
                        ins.setString(3, b.path());
                        ins.setString(4, b.hash());
                        ins.setString(5, b.compaction());
                        ins.setLong(6, b.startTs());
                        ins.setLong(7, b.endTs());
                        ins.setLong(8, b.eventCount());
                        ins.setLong(9, b.sizeBytes());
                        ins.addBatch();
                    }
                }
            }
            ins.executeBatch();
        }
    }

    /** What the session could not show: missing block files, one line each. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Runs one read-only statement and returns its result (the caller closes it, and its statement). Anything DuckDB's
     * parser does not accept as a query is refused with an {@link IllegalArgumentException} saying so.
     */
    public ResultSet query(String sql) throws SQLException {
        requireQuery(sql);
        Statement st = connection.createStatement();
        st.closeOnCompletion();
        return st.executeQuery(sql);
    }

    /**
     * Writes the result of a read-only query to {@code out} (Parquet for {@code .parquet}, JSON lines for
     * {@code .json}/{@code .jsonl}, else CSV with a header): to a temp file beside it, then renamed, so an interrupted
     * export leaves no half file. A target inside the storage root is refused: queries never write the store.
     */
    public void export(String sql, Path out) throws SQLException {
        requireQuery(sql);
        Path target = out.toAbsolutePath().normalize();
        if (root != null && target.startsWith(root)) {
            throw new IllegalArgumentException("--out " + out + " is inside the storage root " + root + ": queries never write the store");
        }
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("--out " + out + " is a folder: expected a file name, e.g. result.parquet");
        }
        String name = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = name.endsWith(".parquet") ? "FORMAT parquet" : name.endsWith(".json") || name.endsWith(".jsonl") ? "FORMAT json" : "FORMAT csv, HEADER";
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        String query = sql.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        try (Statement st = connection.createStatement()) {
            st.execute("COPY (" + query + ") TO " + literal(tmp.toString()) + " (" + format + ")");
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (java.io.IOException ignored) {
                // a leftover temp file beside the target costs disk space only
            }
        }
    }

    /** Refuses anything but one read-only query, by DuckDB's own parser. */
    private void requireQuery(String sql) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT json_extract_string(j, '$.error_message'), "
                + "json_array_length(j, '$.statements') FROM (SELECT json_serialize_sql(?::VARCHAR) AS j)")) {
            p.setString(1, sql);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                String error = r.getString(1);
                if (error != null) {
                    String word = sql.strip().split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
                    throw new IllegalArgumentException(error.startsWith("Only SELECT")
                            ? "featurizer sql runs read-only queries (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE), not " + word
                            + ", so no query can write the store; to save a result use --out FILE (.parquet, .csv or .json)"
                            : error.lines().findFirst().orElse(error));
                }
                if (r.getLong(2) != 1) {
                    throw new IllegalArgumentException("one query at a time, please: got " + r.getLong(2) + " statements");
                }
            }
        }
    }

    /** The views created, in catalog order. */
    public List<String> views() {
        return List.copyOf(views);
    }

    /** The DuckDB connection, for queries. */
    public Connection connection() {
        return connection;
    }

    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the DuckDB session: " + e.getMessage(), e);
        }
    }
}
