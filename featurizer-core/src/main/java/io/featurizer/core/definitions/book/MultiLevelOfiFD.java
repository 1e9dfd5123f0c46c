package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import java.util.List;

/**
 * {@code flow.multi_level_ofi}: the multi-level order-flow imbalance of Xu, Gould and Howison (2018): per level
 * m = 1..{@code depth}, the sum of e_n^m ({@link LevelFlow}) over the sliding time {@code window}
 * ({@code ofi_1} .. {@code ofi_N}) and the total over the levels. One output per snapshot event after the first.
 */
public final class MultiLevelOfiFD extends WindowedFD {
    static final ParamSpec DEPTH = BookInput.depth("levels per side, best first", 5);
    private static final List<ParamSpec> PARAMS = List.of(windowParam("the sliding window the flows add over; also the lookback"), DEPTH);

    @Override
    public String name() {
        return "flow.multi_level_ofi";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    protected Schema windowedSchema(Params params) {
        int levels = DEPTH.intValue(params);
        String[] names = new String[levels + 1];
        for (int m = 0; m < levels; m++) {
            names[m] = "ofi_" + (m + 1);
        }
        names[levels] = "total";
        return Schema.ofDoubles("multi_level_ofi", names);
    }

    @Override
    public List<String> dependencies(Params params) {
        return BookInput.DEPENDENCIES;
    }

    @Override
    public void validateInputs(Params params, List<Feature> children) {
        BookInput.checkSnapshot(name(), children, DEPTH.intValue(params));
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        int depth = DEPTH.intValue(ctx.params());
        return new Reader(FlowWindow.shared(ctx, window(ctx.params()), depth), depth, ctx.newOutput());
    }

    /**
     * One multi-level OFI's output from the graph's {@link FlowWindow}: per snapshot after the first, the sums of its levels
     * that this snapshot changed, and their total (its output event keeps the other levels' values: it is its own).
     */
    static final class Reader extends StatefulOperator {
        private final FlowWindow window;
        private final int depth;
        private final FeatureEvent out;
        private final FixedPointSum partial = new FixedPointSum(); // the total of a reader shallower than the window
        private boolean writeAll = true; // the first output, and the first after a restore, writes every field

        Reader(FlowWindow window, int depth, FeatureEvent out) {
            this.window = state.add(window);
            this.depth = depth;
            this.out = out;
            state.add(new Snapshottable() { // no bytes of its own; a restore makes the next output whole
                @Override
                public void snapshot(DataOutput o) {
                }

                @Override
                public void restore(DataInput in) {
                    writeAll = true;
                }
            });
        }

        @Override
        public void onEvent(int input, Event snapshot, Emitter emitter) {
            if (!window.apply(snapshot)) {
                return; // the first book state is only the reference
            }
            boolean any = writeAll;
            if (writeAll) {
                for (int m = 0; m < depth; m++) {
                    out.set(m, window.value(m));
                }
                writeAll = false;
            } else {
                long[] changed = window.changedLevels();
                for (int w = 0; w << 6 < depth; w++) {
                    int left = depth - (w << 6);
                    for (long bits = left >= 64 ? changed[w] : changed[w] & ((1L << left) - 1); bits != 0; bits &= bits - 1) {
                        int m = (w << 6) + Long.numberOfTrailingZeros(bits);
                        out.set(m, window.value(m));
                        any = true;
                    }
                }
            }
            if (any) { // its total moves exactly when one of its levels does
                out.set(depth, total());
            }
            out.setTimes(snapshot.ts(), snapshot.receiptTs());
            emitter.emit(out);
        }

        private double total() {
            if (depth == window.depth()) {
                return window.total();
            }
            partial.reset();
            window.addLevels(depth, partial);
            return partial.value();
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }
    }

    /**
     * The window's elements in one ring of longs, oldest first: per element its time, its count n of non-zero flows, then
     * n (level, flow bits) pairs; and their sums. Sparse: most book messages move few of the N levels (91 % of the flows
     * are 0 on the synthetic BTC tape); dense rows of N doubles made the 10 s window 4 MB at depth 25. The ring is the
     * whole state; a restore re-adds it into the exact sums. One array, so adding and evicting are one memory stream each (four
     * arrays made eight, which the 30 features of feature-costs-30.yaml could not keep in cache: 596-648 → 561-579 ns per
     * input, FeatureCosts).
     */
    static final class Elements implements Snapshottable {
        private final LevelSums sums;
        final LevelSums.Acc acc;
        private long[] ring = new long[4096];
        private int head; // index of the oldest element's time
        private int used; // longs in use
        private int size; // elements

        Elements(LevelSums sums) {
            this.sums = sums;
            this.acc = sums.create();
        }

        /** One element: its {@code n} non-zero flows, {@code flows[k]} at level {@code levels[k]}. */
        void add(long t, int[] levels, double[] flows, int n) {
            int need = 2 + 2 * n;
            if (used + need > ring.length) {
                grow(used + need);
            }
            int mask = ring.length - 1;
            int at = head + used;
            ring[at & mask] = t;
            ring[(at + 1) & mask] = n;
            for (int k = 0; k < n; k++) {
                ring[(at + 2 + 2 * k) & mask] = levels[k];
                ring[(at + 3 + 2 * k) & mask] = Double.doubleToRawLongBits(flows[k]);
                sums.add(acc, levels[k], flows[k]);
            }
            used += need;
            size++;
            acc.count++;
        }

        long oldestTime() {
            return ring[head];
        }

        void evictOldest() {
            int mask = ring.length - 1;
            int n = (int) ring[(head + 1) & mask];
            for (int k = 0; k < n; k++) {
                int level = (int) ring[(head + 2 + 2 * k) & mask];
                sums.removeOne(acc, level, Double.longBitsToDouble(ring[(head + 3 + 2 * k) & mask]));
            }
            head = (head + 2 + 2 * n) & mask;
            used -= 2 + 2 * n;
            size--;
            acc.count--;
        }

        private void grow(int need) {
            int cap = ring.length * 2;
            while (cap < need) {
                cap *= 2;
            }
            long[] r = new long[cap];
            for (int i = 0; i < used; i++) {
                r[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = r;
            head = 0;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeInt(size);
            int mask = ring.length - 1;
            int p = head;
            for (int i = 0; i < size; i++) {
                out.writeLong(ring[p & mask]);
                int n = (int) ring[(p + 1) & mask];
                out.writeInt(n);
                for (int k = 0; k < n; k++) {
                    out.writeInt((int) ring[(p + 2 + 2 * k) & mask]);
                    out.writeDouble(Double.longBitsToDouble(ring[(p + 3 + 2 * k) & mask]));
                }
                p += 2 + 2 * n;
            }
        }

        @Override
        public void restore(DataInput in) throws IOException {
            sums.clear(acc);
            head = 0;
            used = 0;
            size = 0;
            int n = in.readInt();
            int[] rowLevels = new int[sums.width()];
            double[] rowFlows = new double[sums.width()];
            for (int i = 0; i < n; i++) {
                long t = in.readLong();
                int pairs = in.readInt();
                for (int k = 0; k < pairs; k++) {
                    rowLevels[k] = in.readInt();
                    rowFlows[k] = in.readDouble();
                }
                add(t, rowLevels, rowFlows, pairs); // the exact sums depend only on the elements: the same state as before the snapshot
            }
            for (int m = 0; m < sums.width(); m++) { // the next output writes every field
                acc.stale[m >>> 6] |= 1L << m;
            }
            acc.totalStale = true;
        }
    }

    /** Exact per-level sums and their total; an element is one event's e^1..e^N. */
    static final class LevelSums implements Aggregator<LevelSums.Acc> {
        private final int levels;
        private final boolean keepsTotal; // at depth 1 the total is the one level's sum: not kept twice

        LevelSums(int levels) {
            this.levels = levels;
            this.keepsTotal = levels > 1;
        }

        /** The intermediate: exact sums, and each one's rounded value kept until it changes (most events move few levels). */
        static final class Acc {
            final FixedPointSum[] level;
            final double[] rounded;
            // the levels whose sum changed since it was last rounded, one bit each: the output visits only those (scanning
            // 25 flags per event was 10 % of the feature's profile, FeatureCosts /tmp/mlofi.yaml)
            final long[] stale;
            // the exact sum of every flow in the window, kept as they come and go: equal to the sum of the level sums, and
            // cheaper at depth 25 than adding the 25 level sums per output (FeatureCosts: graph 325 -> 252-272 ns per input)
            final FixedPointSum total = new FixedPointSum();
            double totalRounded;
            boolean totalStale;
            long count;
            // the levels whose sum the last snapshot changed: what readers write (FlowWindow); the total changed with any
            final long[] changed;

            Acc(int levels) {
                level = new FixedPointSum[levels];
                rounded = new double[levels];
                stale = new long[(levels + 63) >>> 6];
                changed = new long[(levels + 63) >>> 6];
                for (int m = 0; m < levels; m++) {
                    level[m] = new FixedPointSum();
                }
            }
        }

        @Override
        public int width() {
            return levels;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            for (int m = 0; m < levels; m++) {
                row[off + m] = event.getDouble(m);
            }
            return true;
        }

        @Override
        public Acc create() {
            return new Acc(levels);
        }

        @Override
        public void clear(Acc a) {
            for (int m = 0; m < levels; m++) {
                a.level[m].reset();
                a.rounded[m] = 0;
            }
            java.util.Arrays.fill(a.stale, 0);
            a.total.reset();
            a.totalRounded = 0;
            a.totalStale = false;
            a.count = 0;
        }

        @Override
        public void update(Acc a, double[] row, int off) {
            for (int m = 0; m < levels; m++) {
                double e = row[off + m];
                if (e != 0) {
                    add(a, m, e);
                }
            }
            a.count++;
        }

        /** One non-zero flow of an element into its level's sum and the total (the element's count is the caller's). */
        void add(Acc a, int m, double e) {
            if (keepsTotal) {
                a.level[m].add(e, a.total);
            } else {
                a.level[m].add(e);
            }
            a.stale[m >>> 6] |= 1L << m;
            a.totalStale = true;
            a.changed[m >>> 6] |= 1L << m;
        }

        /** One flow of an element out of its level's sum and the total. */
        void removeOne(Acc a, int m, double e) {
            if (keepsTotal) {
                a.level[m].remove(e, a.total);
            } else {
                a.level[m].remove(e);
            }
            a.stale[m >>> 6] |= 1L << m;
            a.totalStale = true;
            a.changed[m >>> 6] |= 1L << m;
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Acc a, double[] row, int off) {
            for (int m = 0; m < levels; m++) {
                double e = row[off + m];
                if (e != 0) {
                    removeOne(a, m, e);
                }
            }
            a.count--;
        }

        @Override
        public void merge(Acc into, Acc later) {
            for (int m = 0; m < levels; m++) {
                into.level[m].add(later.level[m]);
                into.stale[m >>> 6] |= 1L << m;
            }
            into.total.add(later.total);
            into.totalStale = true;
            into.count += later.count;
        }

        /** Level m's sum, correctly rounded: rounded again only when it changed since. */
        double value(Acc a, int m) {
            long bit = 1L << m;
            if ((a.stale[m >>> 6] & bit) != 0) {
                a.rounded[m] = a.level[m].value();
                a.stale[m >>> 6] &= ~bit;
            }
            return a.rounded[m];
        }

        /** The total over all levels, correctly rounded: rounded again only when it changed since. */
        double total(Acc a) {
            if (!keepsTotal) {
                return value(a, 0);
            }
            if (a.totalStale) {
                a.totalRounded = a.total.value();
                a.totalStale = false;
            }
            return a.totalRounded;
        }

        /** Every field: the sums that changed since rounded again, the others from their rounded values. */
        @Override
        public boolean finish(Acc a, FeatureEvent out) {
            if (a.count == 0) {
                return false;
            }
            for (int m = 0; m < levels; m++) {
                out.set(m, value(a, m));
            }
            out.set(levels, total(a));
            return true;
        }
    }
}
