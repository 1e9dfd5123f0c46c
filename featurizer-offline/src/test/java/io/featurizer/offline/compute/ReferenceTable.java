package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * A feature-label table the naive way, for differential tests: one graph over the whole input list, every output
 * remembered with the index of the input that emitted it, and each row joined by input index, not by time: a row
 * emitted by input i shows, for every feature, its last output (timed in [lo, hi]) emitted by inputs 0..i; the
 * label, the label feature's last such output emitted by inputs up to the last one whose (receipt time, rank,
 * ordinal among that rank's inputs of equal receipt time) is at or before the row input's with the lookahead added
 * to its time. Rows whose input time + lookahead passes the last input time are dropped. Receipt-time order only.
 */
final class ReferenceTable {
    private ReferenceTable() {
    }

    /** @param lookahead the label's lookahead in ns, or -1 for no label (rows: the first feature's outputs) */
    static FeatureTable of(FeaturizerConfig config, List<Event> inputs, List<Integer> ranks, long lo, long hi, long lookahead) {
        List<Feature> features = config.features();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).build();
        int n = features.size();
        List<FeatureSeries> series = new ArrayList<>();
        List<List<Integer>> emittedBy = new ArrayList<>();
        int[] current = {0};
        for (Feature f : features) {
            FeatureSeries s = new FeatureSeries(f.schema());
            List<Integer> by = new ArrayList<>();
            series.add(s);
            emittedBy.add(by);
            graph.addCallback(f, (feature, e) -> {
                if (e.ts() >= lo && e.ts() <= hi) {
                    s.append(e, 0, 0);
                    by.add(current[0]);
                }
            });
        }
        long[] ordinal = new long[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            current[0] = i;
            graph.emit(ranks.get(i), inputs.get(i));
            for (int k = i - 1; k >= 0 && inputs.get(k).receiptTs() == inputs.get(i).receiptTs(); k--) {
                if (ranks.get(k).equals(ranks.get(i))) {
                    ordinal[i]++;
                }
            }
        }
        long dataEnd = Long.MIN_VALUE;
        for (Event e : inputs) {
            if (e.ts() >= lo && e.ts() <= hi) {
                dataEnd = Math.max(dataEnd, e.receiptTs());
            }
        }
        List<Integer> rowOutputs = new ArrayList<>();
        for (int o = 0; o < series.get(0).size(); o++) {
            int i = emittedBy.get(0).get(o);
            if (lookahead < 0 || inputs.get(i).receiptTs() + lookahead <= dataEnd) {
                rowOutputs.add(o);
            }
        }
        int rows = rowOutputs.size();
        long[] ts = new long[rows], receipt = new long[rows];
        List<FeatureTable.ColumnGroup> groups = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            int[] at = new int[rows];
            for (int r = 0; r < rows; r++) {
                int o = rowOutputs.get(r);
                at[r] = f == 0 ? o : lastEmittedBy(emittedBy.get(f), emittedBy.get(0).get(o));
            }
            groups.add(new FeatureTable.ColumnGroup(features.get(f).columnNames(), series.get(f), at));
        }
        for (int r = 0; r < rows; r++) {
            ts[r] = series.get(0).ts(rowOutputs.get(r));
            receipt[r] = series.get(0).receiptTs(rowOutputs.get(r));
        }
        if (lookahead >= 0) {
            int[] at = new int[rows];
            for (int r = 0; r < rows; r++) {
                int i = emittedBy.get(0).get(rowOutputs.get(r));
                long target = inputs.get(i).receiptTs() + lookahead;
                int j = i;
                while (j + 1 < inputs.size() && (inputs.get(j + 1).receiptTs() < target || (inputs.get(j + 1).receiptTs() == target
                        && (ranks.get(j + 1) < ranks.get(i) || (ranks.get(j + 1).equals(ranks.get(i)) && ordinal[j + 1] <= ordinal[i]))))) {
                    j++;
                }
                at[r] = lastEmittedBy(emittedBy.get(0), j);
            }
            groups.add(new FeatureTable.ColumnGroup(Feature.makeLabel(features.get(0)).columnNames(), series.get(0), at));
        }
        return new FeatureTable(ts, receipt, groups);
    }

    /** The last output emitted by an input with index at most {@code input}, or -1. */
    private static int lastEmittedBy(List<Integer> emittedBy, int input) {
        int last = -1;
        for (int o = 0; o < emittedBy.size() && emittedBy.get(o) <= input; o++) {
            last = o;
        }
        return last;
    }
}
