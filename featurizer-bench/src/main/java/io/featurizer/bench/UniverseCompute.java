package io.featurizer.bench;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.offline.StoredSymbols;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.ComputeReport;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.Recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Batch compute over a universe: {@code symbols} synthetic markets (each its own seed) recorded into storage for
 * {@code hours} of market time, then the universe config (per symbol: mid, 1-minute volatility, 1-minute TVI,
 * {@code for_each} over {@code symbols: '*'}, listed from storage) computed on 1 thread and on every core: input
 * events/s and the cores the process kept busy. Then, for a few symbols, the symbol computed alone on one thread
 * must equal its columns in the all-symbols table (rows at that symbol's mid), bit for bit.
 * <pre>java -cp featurizer-bench/target/featurizer-bench.jar io.featurizer.bench.UniverseCompute [symbols] [hours] [bookPerSecond] [tradesPerSecond] [keepDir]</pre>
 * Defaults: 20 symbols × 24 h at 2 book messages/s and 0.5 trades/s per symbol (4.3 M input events). With
 * {@code keepDir} the store and the config stay there for {@code featurizer compute --storage keepDir/store
 * --config keepDir/universe.yaml}.
 */
public final class UniverseCompute {
    static final String CONFIG = """
            universe: {exchange: BINANCE, instrument_type: spot, symbols: '*'}
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                for_each: universe
                params: {feature: {1: {depth: 5}}}
              - feature_definition: volatility.volatility_stddev_fd
                name: vol
                for_each: universe
                params: {feature: {0: {window: 1m}, 2: {depth: 5}}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                for_each: universe
                params: {window: 1m}
            """;

    private UniverseCompute() {
    }

    public static void main(String[] args) throws IOException {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double hours = args.length > 1 ? Double.parseDouble(args[1]) : 24;
        double bookRate = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        double tradeRate = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("featurizer-universe-bench");
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "JVM %s, %d cpus, load average %s%n", System.getProperty("java.vm.version"), cores, Machine.loadAverage());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("universe.yaml"), CONFIG);
        try (Storage storage = Storage.open(dir.resolve("store"))) {
            long t0 = System.nanoTime();
            long events = record(storage, dir.resolve("journal"), symbols, (long) (hours * 3600e9), bookRate, tradeRate);
            System.out.printf(Locale.ROOT, "recorded %,d events: %d symbols x %.1f h of market time in %.1f s%n", events, symbols, hours,
                    (System.nanoTime() - t0) / 1e9);
            FeaturizerConfig config = FeaturizerConfig.parse(CONFIG, "universe.yaml", new StoredSymbols(storage.catalog(), "storage " + dir));
            List<Feature> all = config.features();
            System.out.printf(Locale.ROOT, "universe: %d symbols, %d features%n", config.universes().get(0).symbols().size(), all.size());

            compute(storage, all, cores); // JIT warm-up, not counted
            report("1 thread", storage, all, 1);
            report(cores + " threads", storage, all, cores);

            List<String> listed = config.universes().get(0).symbols();
            for (String symbol : List.of(listed.get(0), listed.get(listed.size() - 1))) {
                System.out.println(symbol + " alone equals its columns among all " + listed.size() + ": " + sameAsAlone(storage, all, symbol, cores));
            }
        }
    }

    static Feature book(String symbol) {
        return Features.l2Book("BINANCE", "spot", symbol);
    }

    static Feature trades(String symbol) {
        return Features.trades("BINANCE", "spot", symbol);
    }

    /** Symbols SYM00-USDT..., each its own seeded market, merged by receipt time into one recorder (1-hour blocks). */
    static long record(Storage storage, Path journal, int symbols, long nanos, double bookRate, double tradeRate) {
        List<SyntheticMarket> markets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<DataSourceCallback> books = new ArrayList<>();
        List<DataSourceCallback> trades = new ArrayList<>();
        long n = 0;
        try (Recorder recorder = Recorder.open(storage, journal, FsyncPolicy.NEVER, Compactors.parse("1h"))) {
            for (int s = 0; s < symbols; s++) {
                String name = String.format(Locale.ROOT, "SYM%02d-USDT", s);
                SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(100 + s).withRates(bookRate, tradeRate, 0));
                m.next();
                markets.add(m);
                names.add(name);
                books.add(recorder.callback(book(name)));
                trades.add(recorder.callback(trades(name)));
            }
            long end = markets.get(0).config().startNanos() + nanos;
            while (true) {
                int next = 0;
                for (int s = 1; s < markets.size(); s++) {
                    if (markets.get(s).event().receiptTs() < markets.get(next).event().receiptTs()) {
                        next = s;
                    }
                }
                SyntheticMarket m = markets.get(next);
                if (m.event().ts() > end) {
                    return n;
                }
                if (m.channel() == SyntheticMarket.Channel.L2_BOOK) {
                    books.get(next).onEvent(book(names.get(next)), m.event());
                    n++;
                } else if (m.channel() == SyntheticMarket.Channel.TRADES) {
                    trades.get(next).onEvent(trades(names.get(next)), m.event());
                    n++;
                }
                m.next();
            }
        }
    }

    static FeatureTable compute(Storage storage, List<Feature> features, int threads) {
        return BatchCompute.of(storage, features).parallelism(threads).useStored(false).run(Long.MIN_VALUE, Long.MAX_VALUE).table();
    }

    static void report(String what, Storage storage, List<Feature> features, int threads) {
        long cpu0 = Machine.processCpuNanos();
        ComputeReport r = BatchCompute.of(storage, features).parallelism(threads).useStored(false).run(Long.MIN_VALUE, Long.MAX_VALUE).report();
        long cpu = Machine.processCpuNanos() - cpu0;
        System.out.printf(Locale.ROOT, "%-10s %,.0f input events/s (%,d inputs in %.2f s, %d chunks, %,d rows), cores busy %.2f, load average %s%n",
                what, r.inputEventsPerSecond(), r.inputEvents(), r.elapsedNanos() / 1e9, r.chunks(), r.rows(), (double) cpu / r.elapsedNanos(),
                Machine.loadAverage());
    }

    /** The symbol's features alone on one thread against its columns of the all-symbols table with rows at its mid, on every core. */
    static boolean sameAsAlone(Storage storage, List<Feature> all, String symbol, int threads) {
        List<Feature> mine = all.stream().filter(f -> f.name().endsWith("." + symbol)).toList();
        List<Feature> mineFirst = new ArrayList<>(mine);
        all.stream().filter(f -> !mine.contains(f)).forEach(mineFirst::add);
        FeatureTable together = compute(storage, mineFirst, threads);
        FeatureTable alone = compute(storage, mine, 1);
        if (together.rowCount() != alone.rowCount()) {
            return false;
        }
        for (String column : alone.columnNames()) {
            int a = alone.column(column);
            int b = together.column(column);
            for (int r = 0; r < alone.rowCount(); r++) {
                if (alone.timestamp(r) != together.timestamp(r) || alone.isNull(r, a) != together.isNull(r, b)
                        || (!alone.isNull(r, a) && Double.doubleToLongBits(alone.getDouble(r, a)) != Double.doubleToLongBits(together.getDouble(r, b)))) {
                    return false;
                }
            }
        }
        return true;
    }
}
