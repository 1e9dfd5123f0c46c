package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.offline.MergeOrder;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The options that pick what stored data a command runs over: {@code --from}, {@code --to} and {@code --order} (a picocli mixin). */
final class StoredRangeOptions {
    @Option(names = "--from", description = "First event time, inclusive: ISO-8601 UTC ('2023-02-01 10:00:00', '2023-02-01T10:00:00Z', '2023-02-01') "
            + "or an integer: epoch ms below 10^15, else epoch ns (default: the config's start_date, else the first stored event).")
    String from;

    @Option(names = "--to", description = "Last event time, inclusive, same formats (default: the config's end_date, else the last stored event).")
    String to;

    @Option(names = "--order", defaultValue = "time", description = "How sources interleave: 'time' (the config's time field, then source rank, "
            + "then stored order; right for ingested data) or 'sequence' (the recorder's ingestion sequence: exactly the live order of a recording). "
            + "Default ${DEFAULT-VALUE}.")
    String order;

    /** The range's start: --from, else the config's start_date, else Long.MIN_VALUE (the first stored event). */
    long start(FeaturizerConfig c) {
        return from != null ? time(from, "--from") : c.startNanos() != null ? c.startNanos() : Long.MIN_VALUE;
    }

    /** The range's end: --to, else the config's end_date, else Long.MAX_VALUE (the last stored event); checked against the start. */
    long end(FeaturizerConfig c, String what) {
        long start = start(c);
        long end = to != null ? time(to, "--to") : c.endNanos() != null ? c.endNanos() : Long.MAX_VALUE;
        if (start > end) {
            throw new FeaturizerCli.UserError("the " + what + " range is empty: --from " + VectorFormat.time(start) + " is after --to " + VectorFormat.time(end));
        }
        return end;
    }

    MergeOrder merge(FeaturizerConfig c) {
        return switch (order.trim().toLowerCase(Locale.ROOT)) {
            case "time" -> MergeOrder.byTime(c.ordering().timeField());
            case "sequence" -> MergeOrder.INGESTION_SEQUENCE;
            default -> throw new FeaturizerCli.UserError("--order '" + order + "': expected time or sequence");
        };
    }

    /** A time as ns since the epoch, read as everywhere else ({@link io.featurizer.core.text.Instants}). */
    static long time(String text, String option) {
        try {
            return io.featurizer.core.text.Instants.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError(option + " " + e.getMessage());
        }
    }
}
