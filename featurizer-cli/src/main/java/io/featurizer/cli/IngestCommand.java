package io.featurizer.cli;

import io.featurizer.core.text.NearestName;
import io.featurizer.core.venue.VenueCapabilities;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

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

        @Option(names = "--no-progress", description = "No progress (a bar on a terminal, else a line every 5 s on standard error).")
        boolean noProgress;

        /** The overrides, checked as a config's data source params are: a known exchange and instrument type, a safe symbol. */
        IngestOptions options() {
            for (String[] given : new String[][] {{"--exchange", exchange}, {"--instrument-type", instrumentType}, {"--symbol", symbol}}) {
                if (given[1] != null && given[1].isBlank()) {
                    throw new FeaturizerCli.UserError(given[0] + " is empty: give a value (e.g. --symbol BTC-USDT) or leave the option out to read it from the file");
                }
            }
            IngestOptions o = IngestOptions.defaults().lenient(lenient);
            if (exchange != null) {
                String e = exchange.strip().toUpperCase(Locale.ROOT);
                if (!VenueCapabilities.isKnown(e)) {
                    throw new FeaturizerCli.UserError("--exchange '" + exchange + "': unknown exchange" + NearestName.suggestion(e, VenueCapabilities.exchanges())
                            + " (known: " + String.join(", ", VenueCapabilities.exchanges()) + ")");
                }
                o = o.withExchange(e);
            }
            if (instrumentType != null) {
                String t = instrumentType.strip().toLowerCase(Locale.ROOT);
                if (!VenueCapabilities.INSTRUMENT_TYPES.contains(t)) {
                    String alias = VenueCapabilities.INSTRUMENT_TYPE_ALIASES.get(t);
                    throw new FeaturizerCli.UserError("--instrument-type '" + instrumentType + "': expected one of "
                            + String.join(", ", VenueCapabilities.INSTRUMENT_TYPES)
                            + (alias != null ? "; did you mean '" + alias + "'?" : NearestName.suggestion(t, VenueCapabilities.INSTRUMENT_TYPES)));
                }
                o = o.withInstrumentType(t);
            }
            if (symbol != null) {
                if (!VenueCapabilities.isSafeSymbol(symbol.strip())) {
                    throw new FeaturizerCli.UserError("--symbol '" + symbol + "': expected " + VenueCapabilities.SYMBOL_EXPECTED);
                }
                o = o.withSymbol(symbol.strip());
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
        AtomicLong doneBefore = new AtomicLong();
        AtomicReference<VendorReader> current = new AtomicReference<>();
        LongSupplier done = () -> {
            VendorReader r = current.get();
            return doneBefore.get() + (r == null ? 0 : r.bytesRead());
        };
        try (Storage s = c.storage.open(); Ingestor ingestor = new Ingestor(s, compactor, mode);
             Progress progress = c.noProgress ? null : Progress.start("ingest", total, " MB", 1 << 20, done)) {
            for (Path f : files) {
                try (VendorReader reader = opener.open(f, options)) {
                    current.set(reader);
                    Ingestor.Result r = ingestor.ingest(reader);
                    current.set(null);
                    doneBefore.addAndGet(reader.totalBytes());
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
            if (progress != null) {
                progress.finish(true);
            }
        } catch (IngestException e) {
            // the hint only where --lenient would help: a bad row, not a whole file that is not what was expected
            throw new FeaturizerCli.UserError(e.getMessage() + (c.lenient || e.line() <= 1 ? "" : " (strict mode: --lenient skips bad rows)"));
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

        @Option(names = "--data-type", description = "incremental_book_L2, book_snapshot_5, book_snapshot_25, trades, quotes, derivative_ticker or liquidations (default: from the header and the file name; liquidations have the columns of trades).")
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
