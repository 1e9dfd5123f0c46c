package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.sim.Pacing;
import io.featurizer.exchanges.sim.SimulatedVenues;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.journal.JournalLockedException;
import io.featurizer.storage.record.Compactor;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code featurizer record --config x.yaml}: records a config's data sources (and its
 * {@code features_to_store}) from live feeds into storage. Without venue URLs it records from local
 * exchange simulators, so it works with no internet. Ctrl-C stops the feeds and flushes every open block.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a config's data sources and features_to_store from live feeds into storage (local simulators unless --venue-url is given). Ctrl-C flushes and stops.")
final class RecordCommand implements Runnable {
    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    java.nio.file.Path config;

    @Mixin
    StorageOptions storage;

    @Option(names = "--venue-url", description = "EXCHANGE=ws://host:port/path: record this venue from there (repeatable). Without any, local simulators are started.")
    List<String> venueUrls = List.of();

    @Option(names = "--rest-url", description = "EXCHANGE=http://host:port/: the venue's REST API (repeatable).")
    List<String> restUrls = List.of();

    @Option(names = "--duration", description = "Stop after this long (default: until Ctrl-C).")
    String duration;

    @Option(names = "--compaction", defaultValue = "1m", description = "Block cut rule: " + Compactors.EXPECTED + " (default ${DEFAULT-VALUE}).")
    String compaction;

    @Option(names = "--fsync", defaultValue = "interval:100ms",
            description = "Journal fsync policy: never, always (every event), flush, or interval:DURATION (default ${DEFAULT-VALUE}).")
    String fsync;

    @Option(names = "--rate", defaultValue = "2000", description = "Simulator messages per second per symbol, when simulating (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator market seed (default ${DEFAULT-VALUE}).")
    long seed;

    static FsyncPolicy fsyncPolicy(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "never" -> FsyncPolicy.NEVER;
            case "always" -> FsyncPolicy.EVERY_APPEND;
            case "flush" -> FsyncPolicy.ON_FLUSH;
            default -> {
                if (!s.startsWith("interval:")) {
                    throw new FeaturizerCli.UserError("--fsync '" + text + "': expected never, always, flush or interval:DURATION (e.g. interval:100ms)");
                }
                yield FsyncPolicy.interval(Duration.ofNanos(DemoCommand.duration(s.substring(9), "--fsync interval")));
            }
        };
    }

    /** The store's recorder; a store another recorder is writing is a user error naming it and, if known, that recorder's pid. */
    private Recorder openRecorder(Storage s, FsyncPolicy policy, Compactor compactor) {
        try {
            return Recorder.open(s, storage.root.resolve("journal"), policy, compactor);
        } catch (JournalLockedException e) {
            throw new FeaturizerCli.UserError("storage " + storage.root + " is being recorded into by another recorder"
                    + (e.holderPid().isPresent() ? " (pid " + e.holderPid().getAsLong() + ")" : "")
                    + ": one recorder per store; stop it first or use another --storage");
        }
    }

    @Override
    public void run() {
        PrintStream out = System.out;
        FeaturizerConfig c = FeaturizerConfig.load(config);
        long stopAfter = duration == null ? 0 : DemoCommand.duration(duration, "--duration");
        Compactor compactor;
        try {
            compactor = Compactors.parse(compaction);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError("--compaction: " + e.getMessage());
        }
        FsyncPolicy policy = fsyncPolicy(fsync);
        if (venueUrls.isEmpty() && !restUrls.isEmpty()) {
            throw new FeaturizerCli.UserError("--rest-url needs --venue-url for the same exchange: without --venue-url, record runs local simulators");
        }
        LiveEventEmitter.Endpoints urls = venueUrls.isEmpty() ? null : VenueUrls.endpoints(c, venueUrls, restUrls);
        List<Feature> toStore = c.featuresToStoreList();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(c).build();
        SimulatedVenues venues = null;
        StopSignal signal = null;
        try (Storage s = storage.open();
             Recorder recorder = openRecorder(s, policy, compactor)) {
            if (recorder.recovered() > 0) {
                out.printf("recovered %,d events a previous run had accepted but not yet stored%n", recorder.recovered());
            }
            LiveEventEmitter emitter;
            if (venueUrls.isEmpty()) {
                if (!(rate > 0)) {
                    throw new FeaturizerCli.UserError("--rate must be > 0 messages per second");
                }
                // market time starts now and runs at wall-clock speed (--rate events per second, 10:2:1 book:trades:tickers),
                // as a live recording's would: a REST snapshot is stamped with the wall clock
                SyntheticMarket.Config market = SyntheticMarket.Config.defaults(seed).withRates(rate * 10 / 13, rate * 2 / 13, rate / 13)
                        .withStart(System.currentTimeMillis() * 1_000_000L);
                // batched sends: a recorder runs for hours and does not measure latency, so the simulator should not spin a core
                try {
                    venues = SimulatedVenues.start(graph.getIns(), market, rate, Pacing.BATCHED);
                } catch (IllegalArgumentException e) {
                    throw new FeaturizerCli.UserError(e.getMessage());
                }
                venues.simulators().forEach((exchange, sim) -> out.printf("recording from a local %s simulator: %s%n", exchange, sim.webSocketUri()));
                emitter = new LiveEventEmitter(venues.endpoints());
            } else {
                emitter = new LiveEventEmitter(urls);
            }
            try {
                for (Feature source : graph.getIns()) {
                    recorder.record(emitter, source);
                }
                if (!toStore.isEmpty()) {
                    emitter.feed(graph);
                    recorder.recordOutputs(graph, toStore);
                }
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError(e.getMessage());
            }
            out.printf("recording %d data sources and %d features into %s (compaction %s, fsync %s)%n", graph.getIns().size(), toStore.size(),
                    storage.root, compactor.name(), fsync);
            long t0 = System.nanoTime();
            signal = new StopSignal(emitter::stop, 60);
            emitter.start();
            String refused = LiveRun.awaitStop(signal, emitter, stopAfter);
            emitter.stop();
            recorder.flush();
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "recorded %,d events (%,.0f/s) in %.1f s; %d blocks written%n", recorder.accepted(),
                    recorder.accepted() / seconds, seconds, recorder.blocksWritten());
            emitter.stats().forEach((venue, st) -> out.println("feed " + venue + ": " + st));
            if (refused != null) {
                throw new FeaturizerCli.UserError(refused);
            }
        } finally {
            if (signal != null) {
                signal.close();
            }
            if (venues != null) {
                venues.close();
            }
        }
    }
}
