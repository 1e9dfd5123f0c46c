package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Measures Tardis {@code incremental_book_L2} parsing speed (rows/s on one thread) on a generated file:
 * writes {@code rows} rows of realistic shape (messages of 1-12 levels, BTCUSDT-like prices and sizes)
 * to /tmp as .csv and .csv.gz once, then reads each several times into a sink that touches every level.
 * Not a test (no timing assertions); run by hand:
 * <pre>
 * mvn -q test-compile -pl featurizer-storage -am
 * java -cp featurizer-storage/target/test-classes:featurizer-storage/target/classes:featurizer-core/target/classes \
 *   io.featurizer.storage.ingest.TardisIngestSpeed [rows] [rounds]
 * </pre>
 */
public final class TardisIngestSpeed {
    private TardisIngestSpeed() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path plain = Path.of("/tmp/featurizer-speed/binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv");
        Path gz = Path.of(plain + ".gz");
        Path marker = Path.of(plain + ".rows");
        if (!Files.exists(gz) || !Files.exists(marker) || !Files.readString(marker).equals(Integer.toString(rows))) {
            generate(plain, gz, rows);
            Files.writeString(marker, Integer.toString(rows));
        }
        System.out.printf("file: %,d rows, %,d bytes plain, %,d bytes gz%n", rows, Files.size(plain), Files.size(gz));
        for (Path file : new Path[] {plain, gz}) {
            double best = 0;
            for (int round = 0; round < rounds; round++) {
                long[] levels = {0};
                IngestSink sink = (source, event, line) -> {
                    BookUpdate b = (BookUpdate) event;
                    levels[0] += b.bidCount() + b.askCount();
                };
                long t0 = System.nanoTime();
                IngestStats stats;
                try (TardisReader reader = TardisReader.open(file, IngestOptions.defaults())) {
                    stats = reader.read(sink);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double rate = stats.rowsRead() / secs;
                best = Math.max(best, rate);
                System.out.printf("%s round %d: %,d rows, %,d events, %,d levels in %.3f s = %.2f M rows/s%n",
                        file.getFileName(), round, stats.rowsRead(), stats.eventsEmitted(), levels[0], secs, rate / 1e6);
            }
            System.out.printf("%s best: %.2f M rows/s%n", file.getFileName(), best / 1e6);
        }
    }

    private static void generate(Path plain, Path gz, int rows) throws IOException {
        Files.createDirectories(plain.getParent());
        SplittableRandom r = new SplittableRandom(1);
        try (Writer a = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(plain), StandardCharsets.US_ASCII), 1 << 16);
             Writer b = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16),
                     StandardCharsets.US_ASCII), 1 << 16)) {
            String header = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";
            a.write(header);
            b.write(header);
            long ts = 1598918400000000L;
            int mid = 1_165_000; // cents
            int written = 0;
            boolean snapshot = true;
            StringBuilder line = new StringBuilder(96);
            while (written < rows) {
                int n = snapshot ? Math.min(1000, rows - written) : Math.min(1 + r.nextInt(12), rows - written);
                ts += 1000 + r.nextInt(100_000);
                long local = ts + 2000 + r.nextInt(3000);
                mid += r.nextInt(-3, 4);
                for (int i = 0; i < n; i++) {
                    boolean bid = snapshot ? i % 2 == 0 : r.nextBoolean();
                    int offset = snapshot ? i / 2 + 1 : r.nextInt(1, 40);
                    int price = bid ? mid - offset : mid + offset;
                    int amount = r.nextInt(8) == 0 ? 0 : r.nextInt(1, 50_000); // thousandths; 0 deletes
                    line.setLength(0);
                    line.append("binance-futures,BTCUSDT,").append(ts).append(',').append(local).append(',')
                            .append(snapshot ? "true" : "false").append(',').append(bid ? "bid" : "ask").append(',')
                            .append(price / 100).append('.').append(price % 100 < 10 ? "0" : "").append(price % 100).append(',')
                            .append(amount / 1000).append('.').append(String.format("%03d", amount % 1000)).append('\n');
                    a.append(line);
                    b.append(line);
                }
                written += n;
                snapshot = false;
            }
        }
    }
}
