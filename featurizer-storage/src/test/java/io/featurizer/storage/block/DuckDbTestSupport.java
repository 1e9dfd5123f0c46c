package io.featurizer.storage.block;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh in-memory DuckDB per test, for checking block files with plain SQL: rows as {@code a|b|c} strings. */
abstract class DuckDbTestSupport {
    @TempDir
    Path dir;
    Connection sql;

    @BeforeEach
    void open() throws SQLException {
        sql = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        sql.close();
    }

    List<String> rows(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** A path as a quoted SQL string literal. */
    static String lit(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
