package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.offline.MergeOrder;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The options that pick what stored data a command runs over: {@code --from}, {@code --to} and {@code --order} (a picocli mixin). */
final class StoredRangeOptions {
    @Option(names = "--from", description = "First event time, inclusive: ISO-8601 UTC ('2023-02-01 10:00:00', '2023-02-01T10:00:00Z', '2023-02-01') "
            + "or ns since the epoch (default: the config's start_date, else the first stored event).")
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

    /** ns since the epoch, or an ISO-8601 date / date-time (UTC unless it carries an offset). */
    static long time(String text, String option) {
        String s = text.trim();
        if (s.matches("-?\\d+")) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new FeaturizerCli.UserError(option + " '" + text + "': too large for ns since the epoch");
            }
        }
        try {
            Instant instant;
            if (s.length() == 10) {
                instant = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                String iso = s.replace(' ', 'T');
                try {
                    instant = OffsetDateTime.parse(iso).toInstant();
                } catch (DateTimeParseException e) {
                    instant = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
                }
            }
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new FeaturizerCli.UserError(option + " '" + text + "': expected an ISO-8601 time like '2023-02-01 10:00:00' (UTC), "
                    + "'2023-02-01T10:00:00Z' or '2023-02-01', or ns since the epoch");
        }
    }
}
