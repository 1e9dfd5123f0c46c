package io.featurizer.cli;

import io.featurizer.storage.Storage;
import io.featurizer.storage.ingest.CryptotickReader;
import io.featurizer.storage.ingest.IngestException;
import io.featurizer.storage.ingest.IngestOptions;
import io.featurizer.storage.ingest.IngestMode;
import io.featurizer.storage.ingest.Ingestor;
import io.featurizer.storage.ingest.TardisReader;
import io.featurizer.storage.ingest.VendorReader;
import io.featurizer.storage.record.Compactor;
import io.featurizer.storage.record.Compactors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code featurizer ingest tardis|cryptotick FILES...}: load vendor CSV files into storage. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Load vendor market data files (Tardis, Cryptotick CSV, .csv or .csv.gz) into storage.",
        subcommands = {IngestCommand.Tardis.class, IngestCommand.Cryptotick.class})
final class IngestCommand {

    /** Options every vendor shares. */
    static final class Common {
        @Mixin
        StorageOptions storage;

        @Option(names = "--lenient", description = "Skip malformed rows (whole messages) and count them, instead of stopping at the first one.")
        boolean lenient;

        @Option(names = "--exchange", description = "Exchange of the data source (default: from the file).")
        String exchange;

        @Option(names = "--instrument-type", description = "Instrument type, e.g. spot or perpetual (default: from the file).")
        String instrumentType;

        @Option(names = "--symbol", description = "Symbol, e.g. BTC-USDT (default: from the file).")
        String symbol;

        @Option(names = "--compaction", defaultValue = "1h", description = "Block cut rule: " + Compactors.EXPECTED + " (default ${DEFAULT-VALUE}).")
        String compaction;

        @Option(names = "--mode", defaultValue = "append", description = "append (default): add the events not stored yet, so re-ingesting adds nothing; "
                + "replace: swap each stream's data in the file's time range for the file's, atomically.")
        String mode;

        @Option(names = "--no-progress", description = "Do not draw a progress bar.")
        boolean noProgress;

        IngestOptions options() {
            for (String[] given : new String[][] {{"--exchange", exchange}, {"--instrument-type", instrumentType}, {"--symbol", symbol}}) {
                if (given[1] != null && given[1].isBlank()) {
                    throw new FeaturizerCli.UserError(given[0] + " is empty: give a value (e.g. --symbol BTC-USDT) or leave the option out to read it from the file");
                }
            }
            IngestOptions o = IngestOptions.defaults().lenient(lenient);
            if (exchange != null) {
                o = o.withExchange(exchange);
            }
            if (instrumentType != null) {
                o = o.withInstrumentType(instrumentType);
            }
            if (symbol != null) {
                o = o.withSymbol(symbol);
            }
            return o;
        }
    }

    interface Opener {
        VendorReader open(Path file, IngestOptions options) throws IOException;
    }

    static void ingest(Common c, List<Path> files, IngestOptions options, Opener opener) {
        PrintStream out = System.out;
        Compactor compactor;
        try {
            compactor = Compactors.parse(c.compaction);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError("--compaction: " + e.getMessage());
        }
        IngestMode mode;
        try {
            mode = IngestMode.parse(c.mode);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError("--mode: " + e.getMessage());
        }
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new FeaturizerCli.UserError("no such file: " + f);
            }
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long t0 = System.nanoTime();
        long rows = 0, events = 0, skipped = 0, blocks = 0, duplicates = 0, replaced = 0;
        try (Storage s = c.storage.open(); Ingestor ingestor = new Ingestor(s, compactor, mode);
             ProgressBar bar = c.noProgress ? null : new ProgressBarBuilder().setTaskName("ingest").setInitialMax(total)
                     .setUnit(" MB", 1 << 20).setStyle(ProgressBarStyle.ASCII).showSpeed().build()) {
            long done = 0;
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "featurizer-ingest-progress");
                t.setDaemon(true);
                return t;
            });
            try {
                for (Path f : files) {
                    try (VendorReader reader = opener.open(f, options)) {
                        long base = done;
                        var tick = bar == null ? null : ticker.scheduleAtFixedRate(() -> bar.stepTo(base + reader.bytesRead()), 0, 200, TimeUnit.MILLISECONDS);
                        Ingestor.Result r = ingestor.ingest(reader);
                        if (tick != null) {
                            tick.cancel(false);
                        }
                        done += reader.totalBytes();
                        if (bar != null) {
                            bar.stepTo(done);
                        }
                        rows += r.stats().rowsRead();
                        events += r.stats().eventsEmitted();
                        skipped += r.stats().rowsSkipped();
                        blocks += r.blocksWritten();
                        duplicates += r.eventsAlreadyStored();
                        replaced += r.blocksReplaced();
                        out.printf(Locale.ROOT, "%s: %,d rows, %,d events (%,d already stored), %,d rows skipped, %d blocks written%s%n",
                                f.getFileName(), r.stats().rowsRead(), r.stats().eventsEmitted(), r.eventsAlreadyStored(), r.stats().rowsSkipped(),
                                r.blocksWritten(), mode == IngestMode.REPLACE ? ", " + r.blocksReplaced() + " replaced" : "");
                    }
                }
            } finally {
                ticker.shutdownNow();
            }
        } catch (IngestException e) {
            throw new FeaturizerCli.UserError(e.getMessage() + (c.lenient ? "" : " (strict mode: --lenient skips bad rows)"));
        } catch (IOException e) {
            throw new FeaturizerCli.UserError("cannot read input: " + e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "ingested %d files: %,d rows (%,.0f rows/s), %,d events (%,d already stored), %,d rows skipped, %d blocks written%s, in %.1f s%n",
                files.size(), rows, rows / seconds, events, duplicates, skipped, blocks,
                mode == IngestMode.REPLACE ? ", " + replaced + " replaced" : "", seconds);
    }

    @Command(name = "tardis", mixinStandardHelpOptions = true,
            description = "Tardis CSV: incremental_book_L2, book_snapshot_5/25, trades, quotes (type and source from the header and file name, or flags).")
    static final class Tardis implements Runnable {
        @Mixin
        Common common;

        @Option(names = "--data-type", description = "incremental_book_L2, book_snapshot_5, book_snapshot_25, trades or quotes (default: from the header).")
        String dataType;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Tardis .csv or .csv.gz files.")
        List<Path> files;

        @Override
        public void run() {
            IngestOptions o = common.options();
            if (dataType != null) {
                o = o.withDataType(dataType);
            }
            ingest(common, files, o, TardisReader::open);
        }
    }

    @Command(name = "cryptotick", mixinStandardHelpOptions = true,
            description = "Cryptotick (CoinAPI flat files) limitbook_full and trades CSV, as the original svoe ingested.")
    static final class Cryptotick implements Runnable {
        @Mixin
        Common common;

        @Option(names = "--day", description = "UTC day of a book file whose times are time-of-day only, YYYY-MM-DD (default: from the path).")
        String day;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Cryptotick .csv or .csv.gz files.")
        List<Path> files;

        @Override
        public void run() {
            IngestOptions o = common.options();
            if (day != null) {
                try {
                    o = o.withDay(LocalDate.parse(day));
                } catch (DateTimeParseException e) {
                    throw new FeaturizerCli.UserError("--day '" + day + "': expected YYYY-MM-DD");
                }
            }
            ingest(common, files, o, CryptotickReader::open);
        }
    }
}
