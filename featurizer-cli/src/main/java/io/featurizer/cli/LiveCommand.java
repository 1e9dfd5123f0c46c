package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.LiveEventEmitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code featurizer live --config x.yaml}: a config's features on live venue feeds, printing combined vectors. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Run a config's features on live venue feeds and print combined vectors (Ctrl-C stops cleanly).")
final class LiveCommand implements Runnable {
    @Mixin
    DeliveryOption delivery;

    @Option(names = {"-c", "--config"}, required = true, description = "Feature config (svoe YAML format).")
    Path config;

    @Option(names = "--venue-url", description = "EXCHANGE=ws://host:port/path: where a venue's WebSocket is (repeatable).")
    List<String> venueUrls = List.of();

    @Option(names = "--rest-url", description = "EXCHANGE=http://host:port/: where a venue's REST API is (repeatable).")
    List<String> restUrls = List.of();

    @Option(names = "--print-every", defaultValue = "1s", description = "Print at most one combined vector per this much time (default ${DEFAULT-VALUE}).")
    String printEvery;

    @Option(names = "--duration", description = "Stop after this long (default: run until Ctrl-C).")
    String duration;

    static Map<String, URI> endpoints(List<String> specs, String option) {
        Map<String, URI> m = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': expected EXCHANGE=URL, e.g. BINANCE=ws://127.0.0.1:9000/");
            }
            try {
                m.put(spec.substring(0, eq).toUpperCase(java.util.Locale.ROOT), URI.create(spec.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': not a URL: " + e.getMessage());
            }
        }
        return m;
    }

    @Override
    public void run() {
        DeliveryMode mode = delivery.mode();
        FeaturizerConfig c = FeaturizerConfig.load(config);
        long every = DemoCommand.duration(printEvery, "--print-every");
        long stopAfter = duration == null ? 0 : DemoCommand.duration(duration, "--duration");
        LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(endpoints(venueUrls, "--venue-url"),
                endpoints(restUrls, "--rest-url")), mode);
        LiveRun run = new LiveRun(System.out);
        run.run(run.graph(c, every), emitter, stopAfter);
    }
}
