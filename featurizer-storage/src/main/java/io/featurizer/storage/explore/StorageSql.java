package io.featurizer.storage.explore;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.storage.DataKind;
import io.featurizer.storage.Json;
import io.featurizer.storage.Storage;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.Catalog;
import io.featurizer.storage.catalog.DataSourceMetadata;
import io.featurizer.storage.catalog.FeatureMetadata;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
 */
public final class StorageSql implements AutoCloseable {
    private final Connection connection;
    private final List<String> views = new ArrayList<>();

    private StorageSql(Connection connection) {
        this.connection = connection;
    }

    /** Opens a session over everything the storage's catalog lists. */
    public static StorageSql open(Storage storage) {
        try {
            StorageSql sql = new StorageSql(DriverManager.getConnection("jdbc:duckdb:"));
            sql.createViews(storage);
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
        StringBuilder files = new StringBuilder("[");
        for (int i = 0; i < blocks.size(); i++) {
            Path p = storage.fetch(blocks.get(i));
            files.append(i > 0 ? ", " : "").append(literal(p.toAbsolutePath().toString()));
        }
        files.append(']');
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE VIEW " + identifier(name) + " AS SELECT * FROM read_parquet(" + files + ")");
        }
        views.add(name);
    }

    private void blocksTable(Storage storage) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE blocks (kind VARCHAR, key VARCHAR, path VARCHAR, hash VARCHAR, compaction VARCHAR, "
                    + "start_ts BIGINT, end_ts BIGINT, event_count BIGINT, size_bytes BIGINT)");
        }
        try (PreparedStatement ins = connection.prepareStatement("INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
