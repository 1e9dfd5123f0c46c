package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The catalog's tables (svoe's names) and their idempotent creation. Timestamps are nanoseconds since
 * the epoch as BIGINT; {@code params} and {@code data_source_keys} are JSON kept as TEXT so they read
 * back verbatim. A block row is identified by (key, hash): the content hash makes re-adding a no-op.
 */
final class CatalogSchema {
    /** The schema this code writes; a catalog with a higher version was made by a newer Featurizer. */
    static final int VERSION = 1;
    static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY)";

    static final String DATA_SOURCES = "data_sources_metadata";
    static final String FEATURES = "features_metadata";
    static final String DATA_SOURCE_BLOCKS = "data_source_blocks_metadata";
    static final String FEATURE_BLOCKS = "feature_blocks_metadata";
    /** What a computed (feature) block was computed from; added 2026-12 to version 1 catalogs as a new table. */
    static final String BLOCK_LINEAGE = "block_lineage";

    private static final List<String> TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS " + DATA_SOURCES + " ("
                    + "key TEXT NOT NULL PRIMARY KEY, definition TEXT NOT NULL, exchange TEXT NOT NULL, "
                    + "instrument_type TEXT NOT NULL, symbol TEXT NOT NULL, params TEXT NOT NULL, created_at BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + FEATURES + " ("
                    + "key TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, params TEXT NOT NULL, "
                    + "data_source_keys TEXT NOT NULL, created_at BIGINT NOT NULL)",
            blockTable(DATA_SOURCE_BLOCKS),
            blockTable(FEATURE_BLOCKS),
            "CREATE TABLE IF NOT EXISTS " + BLOCK_LINEAGE + " ("
                    + "key TEXT NOT NULL, hash TEXT NOT NULL, lineage TEXT NOT NULL, inputs TEXT NOT NULL, PRIMARY KEY (key, hash))",
            "CREATE INDEX IF NOT EXISTS " + DATA_SOURCE_BLOCKS + "_key_start ON " + DATA_SOURCE_BLOCKS + " (key, start_ts)",
            "CREATE INDEX IF NOT EXISTS " + FEATURE_BLOCKS + "_key_start ON " + FEATURE_BLOCKS + " (key, start_ts)");

    private CatalogSchema() {
    }

    private static String blockTable(String name) {
        return "CREATE TABLE IF NOT EXISTS " + name + " ("
                + "key TEXT NOT NULL, hash TEXT NOT NULL, path TEXT NOT NULL, compaction TEXT NOT NULL, "
                + "start_ts BIGINT NOT NULL, end_ts BIGINT NOT NULL, event_count BIGINT NOT NULL, size_bytes BIGINT NOT NULL, "
                + "created_at BIGINT NOT NULL, PRIMARY KEY (key, hash), CHECK (end_ts >= start_ts))";
    }

    /** The block table of a kind (a constant, never built from input). */
    static String blocksTable(DataKind kind) {
        return switch (kind) {
            case DATA_SOURCE -> DATA_SOURCE_BLOCKS;
            case FEATURE -> FEATURE_BLOCKS;
        };
    }

    /**
     * Creates whatever is missing, in one short transaction under the dialect's schema lock, so
     * processes opening the same catalog at once do not collide. Throws {@link SchemaTooNewException}
     * (and changes nothing) when the catalog was made by a newer schema than this code's.
     */
    static void ensure(Connection connection, SqlDialect dialect) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            dialect.lockSchema(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute(VERSION_TABLE);
                int found = currentVersion(statement);
                if (found > VERSION) {
                    throw new SchemaTooNewException(found);
                }
                for (String ddl : TABLES) {
                    statement.execute(ddl);
                }
            }
            try (PreparedStatement version = connection.prepareStatement(
                    "INSERT INTO schema_version (version) VALUES (?) ON CONFLICT DO NOTHING")) {
                version.setInt(1, VERSION);
                version.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** For a read-only open: the catalog exists and is not newer than this code (nothing is created). */
    static void check(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int found = currentVersion(statement);
            if (found > VERSION) {
                throw new SchemaTooNewException(found);
            }
        }
    }

    private static int currentVersion(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** The catalog was written by a newer schema than this code understands. */
    static final class SchemaTooNewException extends RuntimeException {
        SchemaTooNewException(int found) {
            super("schema version " + found + " is newer than this Featurizer's " + VERSION + "; upgrade Featurizer to use it");
        }
    }
}
