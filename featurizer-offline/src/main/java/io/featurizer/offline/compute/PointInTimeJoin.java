package io.featurizer.offline.compute;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link FeatureTable} from per-feature output series by position in the input order (DESIGN.md
 * section 7): "point in time" is a position, not only a timestamp. Each output carries the position of the input
 * that emitted it ({@link FeatureSeries}), so the table does not depend on how the outputs were computed
 * (sequentially, in chunks, or read from storage), and it equals what a replay's combined vectors show. The
 * series hold the outputs timed in the computed range, so a feature whose last output before a row lies before
 * the range is null there, as in the original's frame.
 *
 * <ul>
 *   <li><b>Rows:</b> one per output of the row feature, in input order (outputs of one input in emission order);
 *       the row's {@code timestamp} and {@code receipt_timestamp} are that output's, its own columns are that
 *       output.</li>
 *   <li><b>Point-in-time join:</b> every other feature shows its latest output emitted at or before the row's
 *       input: after exactly the inputs up to and including that one, never a later input with the same
 *       timestamp (one trade message's several fills). None yet: null.</li>
 *   <li><b>Label</b> (optional): the label feature's latest output emitted at or before the row's position moved
 *       {@code lookahead} later in the run's clock (the row's input time + lookahead, same source rank and
 *       ordinal). Rows whose input time + lookahead is past the end of the data (the last input time in range)
 *       are dropped: their label would look at a future the data does not hold.</li>
 * </ul>
 * Series must be in input order ({@link FeatureSeries#inInputOrder()}).
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
     * @param features   the feature columns in table order
     * @param rowFeature index in {@code features} of the feature whose outputs are the rows
     * @param label      the label, or null
     */
    static FeatureTable join(List<Columns> features, int rowFeature, Label label) {
        FeatureSeries rows = features.get(rowFeature).series();
        int n = rows.size();
        if (label != null) {
            n = 0;
            long end = label.dataEnd();
            boolean none = end == Long.MIN_VALUE || end < Long.MIN_VALUE + label.lookaheadNanos(); // no data, or t + lookahead overflows
            while (!none && n < rows.size() && rows.inputTime(n) <= end - label.lookaheadNanos()) {
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
                asOf(c.series(), rows, n, 0, at);
            }
            groups.add(new FeatureTable.ColumnGroup(c.names(), c.series(), at));
        }
        if (label != null) {
            int[] at = new int[n];
            asOf(label.columns().series(), rows, n, label.lookaheadNanos(), at);
            groups.add(new FeatureTable.ColumnGroup(label.columns().names(), label.columns().series(), at));
        }
        return new FeatureTable(ts, receipt, groups);
    }

    /**
     * {@code at[r]} = index of the last output of {@code series} emitted at or before row r's position with its
     * time moved {@code shift} later, or -1; one forward pass (row positions ascend).
     */
    private static void asOf(FeatureSeries series, FeatureSeries rows, int n, long shift, int[] at) {
        int p = -1;
        for (int r = 0; r < n; r++) {
            long time = rows.inputTime(r) + shift;
            long order = rows.inputOrder(r);
            while (p + 1 < series.size() && series.emittedAtOrBefore(p + 1, time, order)) {
                p++;
            }
            at[r] = p;
        }
    }
}
