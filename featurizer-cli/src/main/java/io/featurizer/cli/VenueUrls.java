package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.text.NearestName;
import io.featurizer.exchanges.live.LiveEventEmitter;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --venue-url EXCHANGE=ws://…} and {@code --rest-url EXCHANGE=http://…}: where a venue is, checked
 * against the config (an exchange it does not use would be silently ignored, the public endpoint used) and
 * against the scheme the connection speaks.
 */
final class VenueUrls {
    private VenueUrls() {
    }

    /** The endpoints named by both options, for the exchanges {@code config} uses. */
    static LiveEventEmitter.Endpoints endpoints(FeaturizerConfig config, List<String> venueUrls, List<String> restUrls) {
        Set<String> used = exchanges(config);
        return new LiveEventEmitter.Endpoints(parse(venueUrls, "--venue-url", used, "ws", "wss"), parse(restUrls, "--rest-url", used, "http", "https"));
    }

    /** The exchanges of the config's data sources, sorted. */
    static Set<String> exchanges(FeaturizerConfig config) {
        Set<String> used = new TreeSet<>();
        for (Feature f : config.features()) {
            for (Feature source : f.dataSources()) {
                String exchange = source.params().getString(DataSourceDefinition.EXCHANGE, null);
                if (exchange != null) {
                    used.add(exchange.toUpperCase(Locale.ROOT));
                }
            }
        }
        return used;
    }

    static Map<String, URI> parse(List<String> specs, String option, Set<String> usedExchanges, String scheme, String secureScheme) {
        Map<String, URI> m = new LinkedHashMap<>();
        String example = option + " BINANCE=" + scheme + "://127.0.0.1:9000/";
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': expected EXCHANGE=URL, e.g. " + example);
            }
            String exchange = spec.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            if (!usedExchanges.contains(exchange)) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': the config uses no exchange " + exchange
                        + NearestName.suggestion(exchange, usedExchanges) + "; it uses " + String.join(", ", usedExchanges));
            }
            URI uri;
            try {
                uri = new URI(spec.substring(eq + 1).strip());
            } catch (URISyntaxException e) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': not a URL (" + e.getMessage() + "); expected e.g. " + example);
            }
            String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!s.equals(scheme) && !s.equals(secureScheme)) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': expected a " + scheme + ":// or " + secureScheme + ":// URL"
                        + (s.isEmpty() ? "" : ", not " + s + "://") + ", e.g. " + example);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new FeaturizerCli.UserError(option + " '" + spec + "': no host in the URL; expected e.g. " + example);
            }
            if (m.put(exchange, uri) != null) {
                throw new FeaturizerCli.UserError(option + " names " + exchange + " twice; give one URL per exchange");
            }
        }
        return m;
    }
}
