package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import static io.featurizer.core.definitions.L2SnapshotFD.ASK_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.ASK_SIZES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_SIZES;

/**
 * The order-flow contribution e_n of each of the best {@code levels} levels between consecutive book
 * states (Cont, Kukanov and Stoikov 2014 at level 1; Xu, Gould and Howison 2018 at level m):
 * <pre>
 * e_n = 1{Pb_n ≥ Pb_{n−1}}·qb_n − 1{Pb_n ≤ Pb_{n−1}}·qb_{n−1} − 1{Pa_n ≤ Pa_{n−1}}·qa_n + 1{Pa_n ≥ Pa_{n−1}}·qa_{n−1}
 * </pre>
 * with the m-th best bid and ask prices and sizes. A missing level is a bid at −∞ or an ask at +∞ of size 0,
 * so a level that empties contributes its whole previous queue and one that appears its new queue. The
 * first book state only becomes the reference. A scan state: the previous levels are its snapshot.
 */
final class LevelFlow implements Snapshottable {
    private final double[] bidPrice;
    private final double[] bidSize;
    private final double[] askPrice;
    private final double[] askSize;
    private boolean present;
    private int bidCount; // levels kept per side (the rest: missing); derived from the prices on restore
    private int askCount;

    LevelFlow(int levels) {
        bidPrice = new double[levels];
        bidSize = new double[levels];
        askPrice = new double[levels];
        askSize = new double[levels];
    }

    /**
     * The non-zero e_n of this book state against the last, best level first: their levels (0 = best) into {@code levels}
     * and values into {@code flows} (each at least {@code levels} long); returns how many, or −1 on the first state (it
     * only becomes the reference). Only the levels where a side changed are visited: a level whose price and size are
     * unchanged on both sides has e_n = (qb − qb) − (qa − qa) = 0 exactly, and most book messages touch one or two of
     * 25 levels. The snapshot's operator says which ({@code changes}); when it cannot, they are found side by side with
     * a vectorised compare (a level-by-level scan held the multi-level OFI at 145 ns per input at depth 25, FeatureCosts).
     */
    int step(Event snapshot, L2SnapshotFD.Cursor changes, int[] levels, double[] flows) {
        boolean known = changes.next(snapshot);
        int depth = bidPrice.length;
        int nb = Math.min(snapshot.arrayLength(BID_PRICES), depth);
        int na = Math.min(snapshot.arrayLength(ASK_PRICES), depth);
        double[] bp = snapshot.getArray(BID_PRICES);
        double[] bq = snapshot.getArray(BID_SIZES);
        double[] ap = snapshot.getArray(ASK_PRICES);
        double[] aq = snapshot.getArray(ASK_SIZES);
        if (!present) {
            for (int m = 0; m < depth; m++) {
                keep(m, bp, bq, nb, ap, aq, na);
            }
            bidCount = nb;
            askCount = na;
            present = true;
            return -1;
        }
        if (depth == 1) { // the top-of-book OFI: the flow straight away (finding the changed level cost it ~9 ns, FeatureCosts)
            double pb0 = bidPrice[0], qb0 = bidSize[0], pa0 = askPrice[0], qa0 = askSize[0];
            keep(0, bp, bq, nb, ap, aq, na);
            bidCount = nb;
            askCount = na;
            flows[0] = flow(pb0, qb0, bidPrice[0], bidSize[0], pa0, qa0, askPrice[0], askSize[0]);
            levels[0] = 0;
            return flows[0] != 0 ? 1 : 0;
        }
        if (known) { // the levels in either side's range; a superset is fine, an unchanged level's flow is 0
            int to = Math.min(depth, Math.max(changes.bids().to(), changes.asks().to()));
            int n = 0;
            for (int m = Math.min(changes.bids().from(), changes.asks().from()); m < to; m++) {
                n = visit(m, bp, bq, nb, ap, aq, na, levels, flows, n);
            }
            bidCount = nb;
            askCount = na;
            return n;
        }
        int n = 0;
        int bid = nextChange(bp, bq, nb, bidPrice, bidSize, bidCount, 0);
        int ask = nextChange(ap, aq, na, askPrice, askSize, askCount, 0);
        while (bid >= 0 || ask >= 0) {
            int m = bid < 0 ? ask : ask < 0 ? bid : Math.min(bid, ask);
            n = visit(m, bp, bq, nb, ap, aq, na, levels, flows, n);
            if (bid == m) {
                bid = nextChange(bp, bq, nb, bidPrice, bidSize, bidCount, m + 1);
            }
            if (ask == m) {
                ask = nextChange(ap, aq, na, askPrice, askSize, askCount, m + 1);
            }
        }
        bidCount = nb;
        askCount = na;
        return n;
    }

    /** Keeps level m of the snapshot and adds its flow to the {@code n} recorded when it is not 0; returns how many now. */
    private int visit(int m, double[] bp, double[] bq, int nb, double[] ap, double[] aq, int na, int[] levels, double[] flows, int n) {
        double pb0 = bidPrice[m], qb0 = bidSize[m], pa0 = askPrice[m], qa0 = askSize[m];
        keep(m, bp, bq, nb, ap, aq, na);
        double e = flow(pb0, qb0, bidPrice[m], bidSize[m], pa0, qa0, askPrice[m], askSize[m]);
        if (e != 0) {
            levels[n] = m;
            flows[n++] = e;
        }
        return n;
    }

    /** Keeps level m of the snapshot, a missing level as a bid at −∞ or an ask at +∞ of size 0. */
    private void keep(int m, double[] bp, double[] bq, int nb, double[] ap, double[] aq, int na) {
        bidPrice[m] = m < nb ? bp[m] : Double.NEGATIVE_INFINITY;
        bidSize[m] = m < nb ? bq[m] : 0;
        askPrice[m] = m < na ? ap[m] : Double.POSITIVE_INFINITY;
        askSize[m] = m < na ? aq[m] : 0;
    }

    /**
     * The first level ≥ {@code from} where a side now of {@code n} levels differs (bit for bit) from the kept one of
     * {@code kept} levels, or −1: a level below n whose price or size moved, or a kept level past n that is gone.
     */
    private static int nextChange(double[] p, double[] q, int n, double[] keptP, double[] keptQ, int kept, int from) {
        if (from < n) {
            int a = Arrays.mismatch(p, from, n, keptP, from, n);
            int b = Arrays.mismatch(q, from, n, keptQ, from, n);
            int k = a < 0 ? b : b < 0 ? a : Math.min(a, b);
            if (k >= 0) {
                return from + k;
            }
            from = n;
        }
        return from < kept ? from : -1;
    }

    /**
     * e_n of one level from its previous (…0) and current prices and sizes. Without branches: each indicator keeps its
     * size or makes it +0 with a bit mask (prices move up and down at random, so branches mispredicted), and adding or
     * subtracting +0 leaves every partial sum as the branches left it.
     */
    static double flow(double pb0, double qb0, double pb, double qb, double pa0, double qa0, double pa, double qa) {
        return 0.0 + when(pb >= pb0, qb) - when(pb <= pb0, qb0) - when(pa <= pa0, qa) + when(pa >= pa0, qa0);
    }

    /** {@code x} when {@code c}, else +0, by masking its bits. */
    private static double when(boolean c, double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & (c ? -1L : 0L));
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeBoolean(present);
        for (int m = 0; m < bidPrice.length; m++) {
            out.writeDouble(bidPrice[m]);
            out.writeDouble(bidSize[m]);
            out.writeDouble(askPrice[m]);
            out.writeDouble(askSize[m]);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        present = in.readBoolean();
        for (int m = 0; m < bidPrice.length; m++) {
            bidPrice[m] = in.readDouble();
            bidSize[m] = in.readDouble();
            askPrice[m] = in.readDouble();
            askSize[m] = in.readDouble();
        }
        bidCount = 0;
        while (bidCount < bidPrice.length && bidPrice[bidCount] != Double.NEGATIVE_INFINITY) {
            bidCount++;
        }
        askCount = 0;
        while (askCount < askPrice.length && askPrice[askCount] != Double.POSITIVE_INFINITY) {
            askCount++;
        }
    }
}
