package io.featurizer.storage.compute;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link FeatureTable} from per-feature output series, by time alone (the pandas
 * {@code merge_asof(direction="backward")} of the original, over the computed range), so the table does not
 * depend on how the outputs were computed (sequentially, in chunks, or read from storage). The series hold the
 * outputs timed in the computed range, so a feature whose last output before a row lies before the range is
 * null there, as in the original's frame.
 *
 * <ul>
 *   <li><b>Rows:</b> one per output of the row feature, in time order (ties in emission order); the row's
 *       {@code timestamp} and {@code receipt_timestamp} are that output's, its own columns are that output.</li>
 *   <li><b>Point-in-time join:</b> every other feature shows its latest output with {@code ts <= t} (the last
 *       one among equal times): never a value timed after the row. None yet: null.</li>
 *   <li><b>Label</b> (optional): the label feature's latest output with {@code ts <= t + lookahead}. Rows with
 *       {@code t + lookahead} past the end of the data (the last input time in range) are dropped: their label
 *       would look at a future the data does not hold.</li>
 * </ul>
 * Series must be time-ordered ({@link FeatureSeries#sortedByTime()}).
 */
final class PointInTimeJoin {
    /** A feature's columns: their names and its outputs. */
    record Columns(List<String> names, FeatureSeries series) {
    }

    /** The label: columns named {@code label_{name}-{field}} over the label feature's outputs. */
    record Label(Columns columns, long lookaheadNanos, long dataEnd) {
    }

    private PointInTimeJoin() {
    }

    /**
     * @param features  the feature columns in table order
     * @param rowFeature index in {@code features} of the feature whose outputs are the rows
     * @param label     the label, or null
     */
    static FeatureTable join(List<Columns> features, int rowFeature, Label label) {
        FeatureSeries rows = features.get(rowFeature).series();
        int n = rows.size();
        if (label != null) {
            n = 0;
            long end = label.dataEnd();
            boolean none = end == Long.MIN_VALUE || end < Long.MIN_VALUE + label.lookaheadNanos(); // no data, or t + lookahead overflows
            while (!none && n < rows.size() && rows.ts(n) <= end - label.lookaheadNanos()) {
                n++;
            }
        }
        long[] ts = new long[n];
        long[] receipt = new long[n];
        for (int r = 0; r < n; r++) {
            ts[r] = rows.ts(r);
            receipt[r] = rows.receiptTs(r);
        }
        List<FeatureTable.ColumnGroup> groups = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            Columns c = features.get(f);
            int[] at = new int[n];
            if (f == rowFeature) {
                for (int r = 0; r < n; r++) {
                    at[r] = r;
                }
            } else {
                asOf(c.series(), ts, 0, at);
            }
            groups.add(new FeatureTable.ColumnGroup(c.names(), c.series(), at));
        }
        if (label != null) {
            int[] at = new int[n];
            asOf(label.columns().series(), ts, label.lookaheadNanos(), at);
            groups.add(new FeatureTable.ColumnGroup(label.columns().names(), label.columns().series(), at));
        }
        return new FeatureTable(ts, receipt, groups);
    }

    /** {@code at[r]} = index of the last output with {@code ts <= times[r] + shift}, or -1; one forward pass (times ascend). */
    private static void asOf(FeatureSeries series, long[] times, long shift, int[] at) {
        int p = -1;
        for (int r = 0; r < times.length; r++) {
            long t = times[r] + shift;
            while (p + 1 < series.size() && series.ts(p + 1) <= t) {
                p++;
            }
            at[r] = p;
        }
    }
}
