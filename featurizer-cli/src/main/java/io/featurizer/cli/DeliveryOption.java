package io.featurizer.cli;

import io.featurizer.exchanges.live.DeliveryMode;
import picocli.CommandLine.Option;

import java.util.Locale;

/** {@code --delivery hand-off|inline}: which thread runs the feature graph on live feeds (a picocli mixin; see docs/live.md). */
final class DeliveryOption {
    @Option(names = "--delivery", defaultValue = "hand-off", description = "Which thread runs the features: 'hand-off' (a delivery thread behind a "
            + "bounded queue: a slow consumer costs dropped, counted events, never a stuck reader) or 'inline' (the socket reader itself: lowest "
            + "latency, and a slow consumer holds the reader back). Default ${DEFAULT-VALUE}.")
    String delivery;

    DeliveryMode mode() {
        return switch (delivery.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "hand-off", "handoff" -> DeliveryMode.HAND_OFF;
            case "inline" -> DeliveryMode.INLINE;
            default -> throw new FeaturizerCli.UserError("--delivery '" + delivery + "': expected hand-off or inline");
        };
    }
}
