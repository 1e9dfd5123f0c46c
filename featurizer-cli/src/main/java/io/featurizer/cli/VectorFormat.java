package io.featurizer.cli;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.GroupedNamedDataEvent;

import java.time.Instant;
import java.util.Locale;

/** Prints combined feature vectors for people: one line per feature, book features as their top level. */
final class VectorFormat {
    private VectorFormat() {
    }

    static String format(GroupedNamedDataEvent g) {
        StringBuilder sb = new StringBuilder();
        sb.append(time(g.ts())).append('\n');
        for (int i = 0; i < g.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  %-14s ", g.feature(i).name()));
            Event e = g.event(i);
            sb.append(e == null ? "(no value yet)" : fields(e)).append('\n');
        }
        return sb.toString();
    }

    static String time(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }

    static String fields(Event e) {
        Schema s = e.schema();
        StringBuilder sb = new StringBuilder();
        if (s.has("bid_prices") && s.has("ask_prices")) {
            int bp = s.index("bid_prices"), bs = s.index("bid_sizes"), ap = s.index("ask_prices"), as = s.index("ask_sizes");
            sb.append(String.format(Locale.ROOT, "bid %s x %s | ask %s x %s  (%d/%d levels)",
                    num(first(e, bp)), num(first(e, bs)), num(first(e, ap)), num(first(e, as)), e.arrayLength(bp), e.arrayLength(ap)));
            return sb.toString();
        }
        for (int f = 0; f < s.size(); f++) {
            if (f > 0) {
                sb.append("  ");
            }
            sb.append(s.field(f).name()).append('=');
            if (s.type(f) == FieldType.LONG) {
                sb.append(e.getLong(f));
            } else if (s.type(f) == FieldType.DOUBLE) {
                sb.append(num(e.getDouble(f)));
            } else {
                sb.append('[').append(e.arrayLength(f)).append(" values]");
            }
        }
        return sb.toString();
    }

    private static double first(Event e, int field) {
        return e.arrayLength(field) > 0 ? e.getArray(field)[0] : Double.NaN;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e9)) {
            return String.format(Locale.ROOT, "%.6e", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.4f" : "%.6f", v);
    }
}
