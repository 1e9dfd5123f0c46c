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

    @Option(names = "--print-every", defaultValue = "1s", description = "Print at most one combined vector per this much time; 0s prints none (default ${DEFAULT-VALUE}).")
    String printEvery;

    @Option(names = "--duration", description = "Stop after this long (default: run until Ctrl-C).")
    String duration;

    static Map<String, URI> endpoints(List<String> specs, String option) {
        return endpoints(specs, option, null);
    }

    /**
     * {@code EXCHANGE=URL} pairs, checked: the URL's scheme ({@code ws://}/{@code wss://} for {@code --venue-url},
     * {@code http://}/{@code https://} for {@code --rest-url}) and, given the config, that the config uses the exchange
     * (an endpoint for a venue the config does not use would be silently ignored).
     */
    static Map<String, URI> endpoints(List<String> specs, String option, FeaturizerConfig config) {
        boolean ws = option.equals("--venue-url");
        java.util.Set<String> used = new java.util.TreeSet<>();
        if (config != null) {
            for (var f : config.features()) {
                for (var source : f.dataSources()) {
                    used.add(source.params().getString("exchange", "?").toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        Map<String, URI> m = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': expected EXCHANGE=URL, e.g. BINANCE=" + (ws ? "ws://127.0.0.1:9000/" : "http://127.0.0.1:9001/"));
            }
            String exchange = spec.substring(0, eq).toUpperCase(java.util.Locale.ROOT);
            URI uri;
            try {
                uri = URI.create(spec.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': not a URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (ws ? !(scheme.equals("ws") || scheme.equals("wss")) : !(scheme.equals("http") || scheme.equals("https"))) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': expected a " + (ws ? "ws:// or wss://" : "http:// or https://")
                        + " URL" + (scheme.isEmpty() ? "" : ", not " + scheme + "://") + (ws ? " (the venue's REST API goes in --rest-url)" : ""));
            }
            if (config != null && !used.contains(exchange)) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': the config does not use " + exchange + "; its exchanges: " + used);
            }
            m.put(exchange, uri);
        }
        return m;
    }

    /** {@code --print-every}: a duration, or zero ({@code 0s}) for never. */
    static long printEveryNanos(String text) {
        if (text.strip().matches("0+(\\.0*)?(ns|us|ms|s|m|h|d)?")) {
            return 0;
        }
        return DemoCommand.duration(text, "--print-every");
    }

    @Override
    public void run() {
        DeliveryMode mode = delivery.mode();
        FeaturizerConfig c = FeaturizerConfig.load(config);
        long every = printEveryNanos(printEvery);
        long stopAfter = duration == null ? 0 : DemoCommand.duration(duration, "--duration");
        LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(endpoints(venueUrls, "--venue-url", c),
                endpoints(restUrls, "--rest-url", c)), mode);
        LiveRun run = new LiveRun(System.out);
        run.run(run.graph(c, every), emitter, stopAfter);
    }
}
