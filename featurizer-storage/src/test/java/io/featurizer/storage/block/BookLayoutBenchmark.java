package io.featurizer.storage.block;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.storage.EventCursor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The measurement behind the book layout choice (not a test): layout (a), one row per message with
 * level lists (what {@link ParquetBlocks} writes), against layout (b), one row per level with the
 * message fields repeated (Tardis incremental_book_L2 style). Rates are messages per CPU second of
 * the calling thread (DuckDB at one thread runs on it). Run:
 * {@code java -cp <test classpath> io.featurizer.storage.block.BookLayoutBenchmark [messages] [levels]}.
 */
public final class BookLayoutBenchmark {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        int levels = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<BookUpdate> books = ParquetBlocksBenchmark.books(n, levels);
        Path dir = Files.createTempDirectory("book-layout");
        Path lists = dir.resolve("lists.parquet");
        Path rows = dir.resolve("rows.parquet");
        long[] seqs = new long[n];
        for (int r = 0; r < 3; r++) {
            long c0 = CPU.getCurrentThreadCpuTime();
            ParquetBlocks.write(lists, BookUpdate.SCHEMA, books, seqs);
            long c1 = CPU.getCurrentThreadCpuTime();
            long read = 0;
            try (EventCursor c = ParquetBlocks.read(lists, BookUpdate.SCHEMA)) {
                while (c.next()) {
                    read += ((BookUpdate) c.current()).bidCount();
                }
            }
            long c2 = CPU.getCurrentThreadCpuTime();
            writeRows(rows, books);
            long c3 = CPU.getCurrentThreadCpuTime();
            read += readRows(rows, (BookUpdate) books.get(0).copy());
            long c4 = CPU.getCurrentThreadCpuTime();
            System.out.printf("(a) lists: write %.2f, read %.2f M msg/s, %,d bytes | (b) rows: write %.2f, read %.2f M msg/s, %,d bytes (%d)%n",
                    n * 1e3 / (c1 - c0), n * 1e3 / (c2 - c1), Files.size(lists), n * 1e3 / (c3 - c2), n * 1e3 / (c4 - c3), Files.size(rows), read & 1);
        }
    }

    private static void writeRows(Path file, List<BookUpdate> books) throws Exception {
        try (DuckDBConnection c = DuckDb.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE levels (timestamp BIGINT, receipt_timestamp BIGINT, seq BIGINT, is_snapshot BOOLEAN, first_seq BIGINT, "
                    + "last_seq BIGINT, prev_seq BIGINT, side TINYINT, price DOUBLE, size DOUBLE)");
            try (DuckDBAppender a = c.createAppender("temp", "main", "levels")) {
                for (int i = 0; i < books.size(); i++) {
                    BookUpdate b = books.get(i);
                    int total = b.bidCount() + b.askCount();
                    for (int k = 0; k < Math.max(1, total); k++) { // an empty message is one row with NULL side
                        a.beginRow().append(b.ts()).append(b.receiptTs()).append((long) i).append(b.isSnapshot()).append(b.firstSeq())
                                .append(b.lastSeq()).append(b.prevSeq());
                        if (total == 0) {
                            a.appendNull().appendNull().appendNull();
                        } else if (k < b.bidCount()) {
                            a.append((byte) 1).append(b.bidPrice(k)).append(b.bidSize(k));
                        } else {
                            a.append((byte) -1).append(b.askPrice(k - b.bidCount())).append(b.askSize(k - b.bidCount()));
                        }
                        a.endRow();
                    }
                }
            }
            st.execute("COPY levels TO '" + file + "' (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    /** Rebuilds messages from level rows into one reused event (a new message starts when seq changes). */
    private static long readRows(Path file, BookUpdate view) throws Exception {
        long messages = 0;
        try (DuckDBConnection c = DuckDb.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq, timestamp, receipt_timestamp, is_snapshot, first_seq, last_seq, prev_seq, side, price, size "
                        + "FROM read_parquet('" + file + "')")) {
            long last = Long.MIN_VALUE;
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (seq != last) {
                    last = seq;
                    messages++;
                    view.reset(rs.getLong(2), rs.getLong(3), rs.getBoolean(4)).sequence(rs.getLong(5), rs.getLong(6), rs.getLong(7));
                }
                byte side = rs.getByte(8);
                if (side > 0) {
                    view.addBid(rs.getDouble(9), rs.getDouble(10));
                } else if (side < 0) {
                    view.addAsk(rs.getDouble(9), rs.getDouble(10));
                }
            }
        }
        return messages;
    }
}
