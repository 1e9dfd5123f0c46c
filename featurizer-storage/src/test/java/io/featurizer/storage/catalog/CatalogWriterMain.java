package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A stand-in recorder process for {@link SqliteCatalogTest}: adds {@code count} blocks of {@code key}
 * to a SQLite catalog; after the first half it prints {@code half} and waits for a line on stdin, so
 * the test can check what it sees while this process holds the catalog open.
 */
public final class CatalogWriterMain {
    static final DataSourceMetadata SOURCE = new DataSourceMetadata("recorded", "l2_book", "BINANCE", "spot", "BTC-USDT", "{}");

    private CatalogWriterMain() {
    }

    public static void main(String[] args) throws IOException {
        String key = args[1];
        int count = Integer.parseInt(args[2]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (JdbcCatalog catalog = JdbcCatalog.sqlite(Path.of(args[0]))) {
            catalog.registerDataSource(SOURCE);
            for (int b = 0; b < count; b++) {
                if (b == count / 2) {
                    System.out.println("half");
                    System.out.flush();
                    stdin.readLine();
                }
                long start = b * 1_000L;
                catalog.addBlock(new BlockMetadata(DataKind.DATA_SOURCE, key, "p/" + b, String.format("%08x", b), "1m",
                        start, start + 999, 1, 1));
            }
        }
    }
}
