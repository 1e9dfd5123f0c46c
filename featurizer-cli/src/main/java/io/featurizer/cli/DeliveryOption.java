package io.featurizer.cli;

import io.featurizer.exchanges.live.DeliveryMode;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code --delivery auto|hand-off|inline}: which thread runs the feature graph on live feeds (a picocli mixin; see docs/live.md).
 * {@code auto} runs the graph on the socket reader when nothing but the features consumes the events: the hand-off's thread
 * wake-up is most of the latency on a small machine (p99 1.2–1.8 ms hand-off against 0.36–0.50 ms inline for 100 symbols at
 * 20 k messages/s on 2 vCPUs, BENCHMARKS.md), and the features keep up with any feed (~1 µs per event).
 */
final class DeliveryOption {
    @Option(names = "--delivery", defaultValue = "auto", description = "Which thread runs the features: 'inline' (the socket reader itself: lowest "
            + "latency, and a slow consumer holds the reader back), 'hand-off' (a delivery thread behind a bounded queue: a slow consumer costs "
            + "dropped, counted events, never a stuck reader) or 'auto': inline when only the features consume the events, hand-off when the run "
            + "also writes files (--out, the demo's recording). Default ${DEFAULT-VALUE}.")
    String delivery;

    /**
     * @param sideWork whether something that may block (a file being written) runs on the delivering thread beside the
     *                 features; {@code auto} then keeps it off the socket reader
     */
    DeliveryMode mode(boolean sideWork) {
        return switch (delivery.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "auto" -> sideWork ? DeliveryMode.HAND_OFF : DeliveryMode.INLINE;
            case "hand-off", "handoff" -> DeliveryMode.HAND_OFF;
            case "inline" -> DeliveryMode.INLINE;
            default -> throw new FeaturizerCli.UserError("--delivery '" + delivery + "': expected auto, hand-off or inline");
        };
    }
}
