package io.featurizer.cli;

import io.featurizer.storage.Storage;
import io.featurizer.storage.explore.StorageSql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code featurizer sql "<query>"}: DuckDB SQL over stored data sources and features, one view each (see 'catalog ls'). */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run DuckDB SQL over stored data: one view per data source and feature (names from 'featurizer catalog ls'), plus a 'blocks' table.")
final class SqlCommand implements Runnable {
    @Mixin
    StorageOptions storage;

    @Parameters(paramLabel = "QUERY", description = "The SQL, e.g. \"SELECT count(*) FROM trades_binance_spot_btc_usdt\".")
    String query;

    @Option(names = "--max-rows", defaultValue = "100", description = "Print at most this many rows (default ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--csv", description = "Print CSV (RFC 4180) instead of an aligned table.")
    boolean csv;

    @Option(names = "--out", description = "Write the whole result to this file instead (.parquet, .json/.jsonl, else CSV); never inside the storage root.")
    Path outFile;

    @Override
    public void run() {
        PrintStream out = System.out;
        if (maxRows < 0) {
            throw new FeaturizerCli.UserError("--max-rows " + maxRows + ": expected 0 or more rows to print");
        }
        try (Storage s = storage.openForReading(false); StorageSql sql = StorageSql.open(s)) {
            sql.warnings().forEach(w -> System.err.println("warning: " + w));
            if (outFile != null) {
                sql.export(query, outFile);
                out.println("wrote " + outFile);
                return;
            }
            try (ResultSet rs = sql.query(query)) {
                print(rs, out);
            }
        } catch (SQLException e) {
            throw new FeaturizerCli.UserError("SQL: " + oneLine(e.getMessage()) + timeHint(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError("SQL: " + oneLine(e.getMessage()));
        }
    }

    /** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled; NULL is empty. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A timestamp as DuckDB shows it: {@code 2020-04-01 00:00:01}, {@code 2020-04-01 00:00:00.123456789} (trailing zeros dropped). */
    static String time(LocalDateTime t) {
        String s = String.format("%s %02d:%02d:%02d", t.toLocalDate(), t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() == 0) {
            return s;
        }
        String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return s + "." + fraction;
    }

    /** For a type error over the time columns (an integer compared with a TIMESTAMP_NS): how to write it instead. */
    static String timeHint(String message) {
        return message != null && message.contains("TIMESTAMP_NS") && message.contains("Binder Error")
                ? " (time columns are TIMESTAMP_NS: compare with a time, '2024-01-31 12:00:00' or make_timestamp_ns(ns), or use epoch_ns(timestamp) for integer ns)"
                : "";
    }

    /** DuckDB's messages span lines (an excerpt of the query and a caret under it): one line, as every user error is. */
    static String oneLine(String message) {
        return message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("^")).collect(Collectors.joining(" "));
    }

    private void print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = md.getColumnLabel(i + 1);
        }
        rows.add(header);
        long total = 0;
        while (rs.next()) {
            if (total++ < maxRows) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    Object v = rs.getObject(i + 1);
                    // a TIMESTAMP as its wall-clock fields: java.sql.Timestamp would pass it through the JVM's zone (DST gaps)
                    row[i] = v == null ? null : v instanceof java.sql.Timestamp ? time(rs.getObject(i + 1, LocalDateTime.class)) : v.toString();
                }
                rows.add(row);
            }
        }
        if (csv) {
            StringBuilder sb = new StringBuilder();
            for (String[] r : rows) {
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(csvField(r[i]));
                }
                sb.append("\r\n");
            }
            out.print(sb);
        } else {
            for (String[] r : rows) {
                for (int i = 0; i < n; i++) {
                    r[i] = r[i] == null ? "NULL" : r[i];
                }
            }
            int[] width = new int[n];
            for (String[] r : rows) {
                for (int i = 0; i < n; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "  " : "").append(String.format("%-" + width[i] + "s", r[i]));
                }
                out.println(sb.toString().stripTrailing());
            }
        }
        if (total > maxRows) {
            out.printf("(%d rows, first %d shown; --max-rows to see more)%n", total, maxRows);
        } else if (!csv) {
            out.printf("(%d rows)%n", total);
        }
    }
}
