package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.sim.Pacing;
import io.featurizer.exchanges.sim.SimulatedVenues;
import io.featurizer.flink.EventLog;
import io.featurizer.flink.KafkaEventLog;
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
        description = "Record a config's data sources and features_to_store from live feeds into storage and/or Kafka (local simulators unless --venue-url is given). Ctrl-C flushes and stops.")
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

    @Option(names = "--to", description = "Where events go: storage (the default) and/or kafka://HOST:PORT/PREFIX (topics PREFIX.l2_book, "
            + "PREFIX.trades, PREFIX.ticker; one partition per data source; idempotent producer). Repeatable.")
    List<String> to = List.of("storage");

    @Option(names = "--format", defaultValue = "binary", description = "Kafka values: binary (the documented binary-v1 event format Flink reads) "
            + "or json (for other consumers). Default ${DEFAULT-VALUE}.")
    String format;

    /** The --to targets: whether storage is one, and the Kafka log if one is named. */
    record Targets(boolean storage, EventLog.Target kafka) {
    }

    Targets targets() {
        boolean toStorage = false;
        EventLog.Target kafka = null;
        for (String t : to) {
            String v = t.trim();
            if (v.equalsIgnoreCase("storage")) {
                toStorage = true;
            } else if (v.toLowerCase(Locale.ROOT).startsWith("kafka:")) {
                if (kafka != null) {
                    throw new FeaturizerCli.UserError("--to " + t + ": one Kafka target per recorder (already " + kafka.bootstrapServers() + "/" + kafka.prefix() + ")");
                }
                try {
                    kafka = EventLog.Target.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new FeaturizerCli.UserError("--to " + e.getMessage());
                }
            } else {
                throw new FeaturizerCli.UserError("--to '" + t + "': expected storage or kafka://HOST:PORT/PREFIX");
            }
        }
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("binary") && !f.equals("json")) {
            throw new FeaturizerCli.UserError("--format '" + format + "': expected binary or json");
        }
        if (kafka == null && !format.equals("binary")) {
            throw new FeaturizerCli.UserError("--format " + format + " applies to a Kafka target: add --to kafka://HOST:PORT/PREFIX");
        }
        return new Targets(toStorage, kafka);
    }

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

    private KafkaEventLog openKafka(EventLog.Target target, List<Feature> sources) {
        try {
            return new KafkaEventLog(target, sources, format.trim().equalsIgnoreCase("json"));
        } catch (IllegalStateException e) {
            throw new FeaturizerCli.UserError("--to kafka://" + target.bootstrapServers() + "/" + target.prefix() + ": " + e.getMessage());
        }
    }

    @Override
    public void run() {
        PrintStream out = System.out;
        // without --venue-url, local simulators serve the config: a universe's '*' is what they list
        FeaturizerConfig c = FeaturizerConfig.load(config, venueUrls.isEmpty() ? new io.featurizer.exchanges.sim.SimulatorListing()
                : io.featurizer.core.config.SymbolListing.NONE);
        long stopAfter = duration == null ? 0 : DemoCommand.duration(duration, "--duration");
        Compactor compactor;
        try {
            compactor = Compactors.parse(compaction);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError("--compaction: " + e.getMessage());
        }
        FsyncPolicy policy = fsyncPolicy(fsync);
        Targets targets = targets();
        if (venueUrls.isEmpty() && !restUrls.isEmpty()) {
            throw new FeaturizerCli.UserError("--rest-url needs --venue-url for the same exchange: without --venue-url, record runs local simulators");
        }
        LiveEventEmitter.Endpoints urls = venueUrls.isEmpty() ? null : VenueUrls.endpoints(c, venueUrls, restUrls);
        List<Feature> toStore = c.featuresToStoreList();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(c).build();
        SimulatedVenues venues = null;
        StopSignal signal = null;
        try (Storage s = targets.storage() ? storage.open() : null;
             Recorder recorder = targets.storage() ? openRecorder(s, policy, compactor) : null;
             KafkaEventLog kafka = targets.kafka() == null ? null : openKafka(targets.kafka(), graph.getIns())) {
            if (recorder != null && recorder.recovered() > 0) {
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
                    if (recorder != null) {
                        recorder.record(emitter, source);
                    }
                    if (kafka != null) {
                        emitter.registerCallback(source, kafka);
                    }
                }
                if (recorder != null && !toStore.isEmpty()) {
                    emitter.feed(graph);
                    recorder.recordOutputs(graph, toStore);
                }
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError(e.getMessage());
            }
            if (recorder != null) {
                out.printf("recording %d data sources and %d features into %s (compaction %s, fsync %s)%n", graph.getIns().size(), toStore.size(),
                        storage.root, compactor.name(), fsync);
            }
            if (kafka != null) {
                out.printf("publishing %d data sources to Kafka %s, topics %s.* (%s)%n", graph.getIns().size(), targets.kafka().bootstrapServers(),
                        targets.kafka().prefix(), format);
            }
            long t0 = System.nanoTime();
            signal = new StopSignal(emitter::stop, 60);
            emitter.start();
            String refused = LiveRun.awaitStop(signal, emitter, stopAfter);
            emitter.stop();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (recorder != null) {
                recorder.flush();
                out.printf(Locale.ROOT, "recorded %,d events (%,.0f/s) in %.1f s; %d blocks written%n", recorder.accepted(),
                        recorder.accepted() / seconds, seconds, recorder.blocksWritten());
            }
            if (kafka != null) {
                out.printf(Locale.ROOT, "published %,d events to Kafka in %.1f s%n", kafka.sent(), seconds);
            }
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
