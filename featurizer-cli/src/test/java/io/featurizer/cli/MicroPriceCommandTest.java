package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import io.featurizer.core.definitions.book.MicroPriceTable;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.UserErrorsTest.assertOneLineUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer microprice fit}: a table from a recorded book that {@code book.micro_price} then loads; wrong values exit 2. */
class MicroPriceCommandTest {
    @TempDir
    Path dir;

    static final String BOOK_CONFIG = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
            """;

    static final String TRADES_CONFIG = """
            feature_configs:
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
            """;

    /** Records 2000 one-level books on a 0.5 tick: the mid walks, spreads of 1 or 2 ticks, sizes 1..5. */
    void recordBook(Path store) {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Random rnd = new Random(8);
        long t0 = 1_610_064_000_000_000_000L;
        try (Storage storage = Storage.open(store);
             Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(500))) {
            double bid = 100;
            for (int i = 0; i < 2000; i++) {
                bid += 0.5 * (rnd.nextInt(3) - 1);
                BookUpdate u = new BookUpdate().reset(t0 + i * 1_000_000L, t0 + i * 1_000_000L + 3, true)
                        .addBid(bid, 1 + rnd.nextInt(5)).addAsk(bid + 0.5 * (1 + rnd.nextInt(2)), 1 + rnd.nextInt(5));
                recorder.callback(book).onEvent(book, u);
            }
        }
    }

    @Test
    void fitsATableThatTheMicroPriceFeatureLoads() throws IOException {
        Path store = dir.resolve("store");
        recordBook(store);
        Path cfg = Files.writeString(dir.resolve("book.yaml"), BOOK_CONFIG);
        Path out = dir.resolve("tables").resolve("adj.csv");
        Result r = run("microprice", "fit", "--config", cfg.toString(), "--storage", store.toString(), "--tick", "0.5",
                "--buckets", "4", "--spreads", "2", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("fitted 2 spread x 4 imbalance states from"), r.out());
        MicroPriceTable table = MicroPriceTable.read(out);
        assertEquals(0.5, table.tickSize());
        assertEquals(4, table.buckets());
        assertEquals(2, table.spreads());
        assertTrue(table.observations(1, 0) > 100, table.toCsv());
        assertEquals(-table.adjustment(1, 0), table.adjustment(1, 3), 1e-12, "symmetrised");

        Path micro = Files.writeString(dir.resolve("micro.yaml"), """
                feature_configs:
                  - feature_definition: book.micro_price
                    name: micro
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature:
                        0: {table: '%s'}
                        1: {depth: 1}
                """.formatted(out));
        Result valid = run("validate", "--config", micro.toString());
        assertEquals(0, valid.code(), valid.out() + valid.err());
        Files.delete(out);
        assertOneLineUserError(run("validate", "--config", micro.toString()), "cannot read micro-price table");
    }

    @Test
    void wrongValuesExitTwoOnOneLine() throws IOException {
        Path cfg = Files.writeString(dir.resolve("book.yaml"), BOOK_CONFIG);
        Path trades = Files.writeString(dir.resolve("trades.yaml"), TRADES_CONFIG);
        Path store = Files.createDirectories(dir.resolve("store"));
        String out = dir.resolve("adj.csv").toString();
        String c = cfg.toString();
        String st = store.toString();
        assertOneLineUserError(run("microprice", "fit", "--config", c, "--storage", st, "--out", out, "--tick", "0"), "--tick 0.0: expected a positive");
        assertOneLineUserError(run("microprice", "fit", "--config", c, "--storage", st, "--out", out, "--tick", "0.01", "--buckets", "1"),
                "--buckets 1: expected 2 to 100");
        assertOneLineUserError(run("microprice", "fit", "--config", c, "--storage", st, "--out", out, "--tick", "0.01", "--spreads", "0"),
                "--spreads 0: expected 1 to 50");
        assertOneLineUserError(run("microprice", "fit", "--config", c, "--storage", st, "--out", out), "Missing required option: '--tick=<tick>'");
        assertOneLineUserError(run("microprice", "fit", "--config", trades.toString(), "--storage", st, "--out", out, "--tick", "0.01"),
                "reads one l2_book source; " + trades + " reads 0");
        assertOneLineUserError(run("microprice", "fit", "--config", c, "--storage", st, "--out", out, "--tick", "0.01"),
                "no stored l2_book changes of BINANCE spot BTC-USDT in");
        assertFalse(Files.exists(dir.resolve("adj.csv")), "no table from no data");
        assertOneLineUserError(run("microprice"), "expected a subcommand: fit");
    }
}
