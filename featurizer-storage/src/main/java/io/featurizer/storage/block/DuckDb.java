package io.featurizer.storage.block;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * The process's one in-memory DuckDB database, used only as a Parquet engine. Opening a database is
 * costly (it starts a thread pool and a buffer manager), a connection to an open one is cheap, so
 * every block read or write gets its own connection (DuckDB connections are not to be shared by
 * two open result sets, and a replay merges many blocks at once).
 *
 * <p>Settings: {@code featurizer.duckdb.threads} (system property, default 1: block writes run on
 * background threads and reads are measured per core; more threads only help one large scan);
 * results are streamed (a block is never materialised whole); spills go under java.io.tmpdir.
 */
final class DuckDb {
    private static DuckDBConnection root;

    private DuckDb() {
    }

    /** A new connection to the shared database; the caller closes it. */
    static DuckDBConnection connect() throws SQLException {
        return root().duplicate();
    }

    private static synchronized DuckDBConnection root() throws SQLException {
        if (root == null) {
            Properties p = new Properties();
            p.setProperty("threads", System.getProperty("featurizer.duckdb.threads", "1"));
            p.setProperty("jdbc_stream_results", "true");
            p.setProperty("temp_directory", Path.of(System.getProperty("java.io.tmpdir"), "featurizer-duckdb").toString());
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", p);
        }
        return root;
    }

    /** {@code s} as a single-quoted SQL string literal (quotes doubled), for paths in DuckDB statements. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** {@code name} as a double-quoted SQL identifier (quotes doubled), for schema field names. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
