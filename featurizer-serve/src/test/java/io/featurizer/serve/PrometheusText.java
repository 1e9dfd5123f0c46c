package io.featurizer.serve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 for tests (no Java parser of it is available
 * offline): {@code # HELP} / {@code # TYPE} lines, then samples {@code name{label="value",...} value [timestamp]},
 * with the format's escapes and its NaN / +Inf / -Inf. Anything else fails the parse with the line: a sample
 * before its family's TYPE or outside it, a sample name a family of that type cannot have, a bad metric or label
 * name, an unterminated label value, a duplicate series, a counter below 0, histogram buckets that are not
 * cumulative or whose {@code +Inf} bucket differs from {@code _count}.
 */
final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        Family current = null;
        Set<String> series = new HashSet<>();
        Map<String, String> help = new LinkedHashMap<>();
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String where = "line " + (n + 1) + " '" + line + "': ";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                String name = parts[0];
                if (!METRIC_NAME.matcher(name).matches() || parts.length < 2) {
                    throw new IllegalArgumentException(where + "bad metric name or missing text");
                }
                if (line.startsWith("# HELP ")) {
                    help.put(name, parts[1]);
                    continue;
                }
                if (!TYPES.contains(parts[1])) {
                    throw new IllegalArgumentException(where + "unknown type " + parts[1]);
                }
                if (p.families.containsKey(name)) {
                    throw new IllegalArgumentException(where + "second TYPE of " + name);
                }
                current = new Family(name, parts[1], help.get(name), new ArrayList<>());
                p.families.put(name, current);
                continue;
            }
            if (line.startsWith("#")) {
                continue; // a comment
            }
            Sample s = sample(line, where);
            if (current == null || !belongs(current, s.name())) {
                throw new IllegalArgumentException(where + "sample outside its family's TYPE (current family "
                        + (current == null ? "none" : current.name()) + ")");
            }
            if (!series.add(s.name() + s.labels())) {
                throw new IllegalArgumentException(where + "duplicate series");
            }
            if (current.type().equals("counter") && !(s.value() >= 0)) {
                throw new IllegalArgumentException(where + "a counter must be >= 0");
            }
            current.samples().add(s);
        }
        for (Family f : p.families.values()) {
            if (f.type().equals("histogram")) {
                checkHistogram(f);
            }
        }
        return p;
    }

    private static boolean belongs(Family f, String sample) {
        return switch (f.type()) {
            case "counter" -> sample.equals(f.name()) || sample.equals(f.name() + "_total") || sample.equals(f.name() + "_created");
            case "histogram" -> sample.equals(f.name() + "_bucket") || sample.equals(f.name() + "_count") || sample.equals(f.name() + "_sum")
                    || sample.equals(f.name() + "_created");
            case "summary" -> sample.equals(f.name()) || sample.equals(f.name() + "_count") || sample.equals(f.name() + "_sum")
                    || sample.equals(f.name() + "_created");
            default -> sample.equals(f.name());
        };
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "bad metric name '" + name + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                if (i >= line.length()) {
                    throw new IllegalArgumentException(where + "unterminated label set");
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException(where + "label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException(where + "bad label '" + label + "'");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; ; j++) {
                    if (j >= line.length()) {
                        throw new IllegalArgumentException(where + "unterminated label value");
                    }
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char e = j + 1 < line.length() ? line.charAt(++j) : ' ';
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException(where + "bad escape \\" + e);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException(where + "label " + label + " twice");
                }
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                }
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException(where + "expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException(where + "expected a value and an optional timestamp");
        }
        double v = switch (rest[0]) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!rest[0].matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new IllegalArgumentException(where + "bad value '" + rest[0] + "'");
                }
                yield Double.parseDouble(rest[0]);
            }
        };
        if (rest.length == 2 && !rest[1].matches("-?\\d+")) {
            throw new IllegalArgumentException(where + "bad timestamp '" + rest[1] + "'");
        }
        return new Sample(name, labels, v);
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            if (s.name().endsWith("_bucket")) {
                Map<String, String> rest = new LinkedHashMap<>(s.labels());
                if (rest.remove("le") == null) {
                    throw new IllegalArgumentException(f.name() + ": a bucket without le");
                }
                buckets.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(s.labels(), s.value());
            }
        }
        buckets.forEach((labels, bs) -> {
            double previousLe = Double.NEGATIVE_INFINITY, previous = 0;
            for (Sample b : bs) {
                String leText = b.labels().get("le");
                double le = leText.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(leText);
                if (le <= previousLe || b.value() < previous) {
                    throw new IllegalArgumentException(f.name() + labels + ": buckets not ascending and cumulative at le=" + leText);
                }
                previousLe = le;
                previous = b.value();
            }
            if (previousLe != Double.POSITIVE_INFINITY || !counts.containsKey(labels) || counts.get(labels) != previous) {
                throw new IllegalArgumentException(f.name() + labels + ": the +Inf bucket must exist and equal _count");
            }
        });
    }

    Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new AssertionError("no metric family " + name + "; families: " + families.keySet());
        }
        return f;
    }

    /** The value of one series: sample name and label pairs (name, value, name, value ...); fails when absent. */
    double value(String sample, String... labels) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(sample) && s.labels().equals(want)) {
                    return s.value();
                }
            }
        }
        throw new AssertionError("no series " + sample + want + " in " + families.keySet());
    }

    /** Whether a series exists. */
    boolean has(String sample, String... labels) {
        try {
            value(sample, labels);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
