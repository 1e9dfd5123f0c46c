package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.definitions.book.MicroPriceTable;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.microprice.MicroPriceFit;
import io.featurizer.offline.microprice.StoredBookFit;
import io.featurizer.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code featurizer microprice fit --config c.yaml --tick 0.01 --out adj.csv}: estimates the micro-price adjustment
 * table of Stoikov (2018) over the stored book of the config's {@code l2_book} source ({@link MicroPriceFit}), for
 * {@code book.micro_price}'s {@code table} param.
 */
@Command(name = "microprice", mixinStandardHelpOptions = true, subcommands = MicroPriceCommand.Fit.class,
        description = "The micro-price of Stoikov (2018): fit its adjustment table over stored data.")
final class MicroPriceCommand implements Runnable {
    @Override
    public void run() {
        throw new FeaturizerCli.UserError("microprice: expected a subcommand: fit (see 'featurizer microprice --help')");
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Estimate the micro-price adjustment G*(spread, imbalance) over the stored book of the config's l2_book source "
                    + "and write it as the CSV table book.micro_price reads.")
    static final class Fit implements Runnable {
        @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format) reading one l2_book source.")
        Path config;

        @Mixin
        StorageOptions storage;

        @Mixin
        StoredRangeOptions range;

        @Option(names = {"-o", "--out"}, required = true, description = "The CSV table to write (replaced only when complete).")
        Path out;

        @Option(names = "--tick", required = true, description = "The instrument's price increment (tick size), e.g. 0.01.")
        double tick;

        @Option(names = "--buckets", defaultValue = "10", description = "Imbalance buckets of equal width in [0, 1] (2 to 100; default ${DEFAULT-VALUE}).")
        int buckets;

        @Option(names = "--spreads", defaultValue = "2", description = "Spread states: 1 to N ticks (1 to 50; default ${DEFAULT-VALUE}).")
        int spreads;

        @Override
        public void run() {
            if (!(tick > 0) || Double.isInfinite(tick)) {
                throw new FeaturizerCli.UserError("--tick " + tick + ": expected a positive price increment such as 0.01");
            }
            if (buckets < 2 || buckets > 100) {
                throw new FeaturizerCli.UserError("--buckets " + buckets + ": expected 2 to 100 imbalance buckets");
            }
            if (spreads < 1 || spreads > 50) {
                throw new FeaturizerCli.UserError("--spreads " + spreads + ": expected 1 to 50 spread states");
            }
            FeaturizerConfig c = FeaturizerConfig.load(config, storage.symbolListing());
            Feature book = theBook(c);
            long start = range.start(c);
            long end = range.end(c, "fit");
            MicroPriceFit fit = new MicroPriceFit(tick, spreads, buckets);
            MicroPriceTable table;
            try (AtomicOutput file = AtomicOutput.create(out, "--out", "micro_price.csv");
                 Storage s = storage.openForReading()) {
                StoredBookFit.run(s, book, start, end, range.merge(c), fit);
                if (fit.used() + fit.dropped() == 0) {
                    throw new FeaturizerCli.UserError("no stored l2_book changes of " + describe(book) + " in [" + VectorFormat.time(start) + ", "
                            + VectorFormat.time(end) + "] in " + storage.root + "; record or ingest it first");
                }
                try {
                    table = fit.table();
                } catch (IllegalStateException e) {
                    throw new FeaturizerCli.UserError("cannot fit the micro-price of " + describe(book) + ": " + e.getMessage());
                }
                table.write(file.temp());
                file.commit();
            }
            System.out.println(String.format(Locale.ROOT, "fitted %d spread x %d imbalance states from %,d top-of-book changes (%,d dropped) "
                    + "in %d iterations -> %s", spreads, buckets, fit.used(), fit.dropped(), table.iterations(), out));
        }

        private static String describe(Feature book) {
            return book.params().get("exchange") + " " + book.params().get("instrument_type") + " " + book.params().get("symbol");
        }

        /** The config's one l2_book source. */
        private Feature theBook(FeaturizerConfig c) {
            Map<String, Feature> books = new LinkedHashMap<>();
            List<Feature> todo = new ArrayList<>(c.features());
            while (!todo.isEmpty()) {
                Feature f = todo.remove(todo.size() - 1);
                if (f.isDataSource() && f.definition().name().equals("l2_book")) {
                    books.put(f.key(), f);
                }
                todo.addAll(f.children());
            }
            if (books.size() != 1) {
                throw new FeaturizerCli.UserError("the micro-price fit reads one l2_book source; " + config + " reads " + books.size()
                        + (books.isEmpty() ? "" : ": " + books.values().stream().map(Feature::name).toList()));
            }
            return books.values().iterator().next();
        }
    }
}
