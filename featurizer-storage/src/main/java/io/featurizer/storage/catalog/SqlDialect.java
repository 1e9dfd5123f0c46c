package io.featurizer.storage.catalog;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the catalog's two databases: how a connection is opened and tuned, and how
 * concurrent schema creation is serialised. The SQL itself is shared (both speak
 * {@code INSERT ... ON CONFLICT DO NOTHING} and {@code CREATE ... IF NOT EXISTS}).
 */
enum SqlDialect {
    /**
     * WAL lets a reader process see committed rows while a recorder writes; a writer waits up to the
     * busy timeout for another writer instead of failing; FULL sync because a catalog row is the commit
     * point of a block (one fsync per block is cheap); IMMEDIATE transactions take the write lock up
     * front, so a transaction never has to upgrade a read snapshot (which fails at once under WAL).
     */
    SQLITE("jdbc:sqlite:", "SQLite") {
        @Override
        Connection connect(String url, String user, String password, boolean readOnly) throws SQLException {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            if (readOnly) {
                config.setReadOnly(true); // no journal mode change, no file creation: the file is used as it is
                return config.createConnection(url);
            }
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            createIfMissing(url, config);
            // Several processes opening a brand-new file at once race while it switches to WAL (one deletes
            // the rollback journal another expects: SQLITE_IOERR_DELETE_NOENT, or BUSY): a short retry settles it
            // where the file could not be created whole up front.
            for (int attempt = 1; ; attempt++) {
                try {
                    return config.createConnection(url);
                } catch (SQLException e) {
                    String m = String.valueOf(e.getMessage());
                    if (attempt == 5 || !(m.contains("SQLITE_IOERR") || m.contains("SQLITE_BUSY"))) {
                        throw e;
                    }
                    try {
                        Thread.sleep(20L * attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        @Override
        void lockSchema(Connection connection) {
            // the IMMEDIATE transaction already holds the database's write lock
        }

        /**
         * Creates a missing database file whole: built in WAL mode under a temporary name, then
         * hard-linked into place, which fails if another process got there first (then its file is
         * used). So no process ever opens a file still switching to WAL, which otherwise races
         * (SQLITE_IOERR_SHORT_READ, _DELETE_NOENT, BUSY). Where hard links are not supported the
         * plain open and its retries stay.
         */
        private void createIfMissing(String url, SQLiteConfig config) throws SQLException {
            String name = url.substring("jdbc:sqlite:".length());
            if (name.isEmpty() || name.startsWith(":") || name.startsWith("file:") || name.contains("?")) {
                return; // in-memory or URI-style: leave to SQLite
            }
            Path db = Path.of(name);
            if (Files.exists(db) || db.getParent() == null) {
                return;
            }
            Path tmp = null;
            try {
                tmp = Files.createTempFile(db.getParent(), db.getFileName() + ".new-", "");
                try (Connection c = config.createConnection("jdbc:sqlite:" + tmp); Statement st = c.createStatement()) {
                    st.execute(CatalogSchema.VERSION_TABLE); // a first page, so the WAL flag is in the header
                }
                Files.createLink(db, tmp);
            } catch (FileAlreadyExistsException e) {
                // another process created it meanwhile: use theirs
            } catch (IOException | UnsupportedOperationException e) {
                // no hard links here: the plain open below
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                        Files.deleteIfExists(Path.of(tmp + "-wal"));
                        Files.deleteIfExists(Path.of(tmp + "-shm"));
                    } catch (IOException ignored) {
                        // a leftover temp file beside the catalog is harmless
                    }
                }
            }
        }
    },

    POSTGRES("jdbc:postgresql:", "PostgreSQL") {
        @Override
        Connection connect(String url, String user, String password, boolean readOnly) throws SQLException {
            Connection c = DriverManager.getConnection(url, user, password);
            c.setReadOnly(readOnly);
            return c;
        }

        /** Two processes running CREATE TABLE IF NOT EXISTS at once can still collide in PostgreSQL's catalog. */
        @Override
        void lockSchema(Connection connection) throws SQLException {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, SCHEMA_LOCK_ID);
                lock.execute();
            }
        }
    };

    /** How long a SQLite writer waits for another process's write transaction. */
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** Advisory lock id for schema creation ("featcatl" in ASCII). */
    private static final long SCHEMA_LOCK_ID = 0x6665_6174_6361_746CL;

    private final String urlPrefix;
    private final String product;

    SqlDialect(String urlPrefix, String product) {
        this.urlPrefix = urlPrefix;
        this.product = product;
    }

    abstract Connection connect(String url, String user, String password, boolean readOnly) throws SQLException;

    /** Called first inside the schema transaction. */
    abstract void lockSchema(Connection connection) throws SQLException;

    /** The dialect of a JDBC URL. */
    static SqlDialect of(String jdbcUrl) {
        for (SqlDialect dialect : values()) {
            if (jdbcUrl != null && jdbcUrl.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("catalog URL '" + redact(jdbcUrl) + "' is not supported: expected one starting with "
                + SQLITE.urlPrefix + " or " + POSTGRES.urlPrefix);
    }

    /** Names the database for messages: product and URL without its query (which may hold a password). */
    String describe(String jdbcUrl) {
        return product + " catalog " + redact(jdbcUrl.substring(urlPrefix.length()));
    }

    private static String redact(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
