package io.featurizer.storage.catalog;

/**
 * A catalog operation failed in the database (connection lost, locked past the busy timeout, a
 * constraint or schema problem). The message names the database and the operation; the cause is the
 * driver's {@link java.sql.SQLException}.
 */
public class CatalogException extends RuntimeException {
    private final String database;
    private final String operation;

    public CatalogException(String database, String operation, String detail, Throwable cause) {
        super(database + ": " + operation + " failed: " + detail, cause);
        this.database = database;
        this.operation = operation;
    }

    /** The database, e.g. {@code SQLite catalog /data/catalog.db} (never with credentials). */
    public String database() {
        return database;
    }

    /** The catalog operation that failed, e.g. {@code addBlock}. */
    public String operation() {
        return operation;
    }
}
