package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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

    LevelFlow(int levels) {
        bidPrice = new double[levels];
        bidSize = new double[levels];
        askPrice = new double[levels];
        askSize = new double[levels];
        scratch = new double[levels];
    }

    /** The schema of the per-event flows: one field per level. */
    static Schema schema(int levels) {
        String[] names = new String[levels];
        for (int m = 0; m < levels; m++) {
            names[m] = "e_" + (m + 1);
        }
        return Schema.ofDoubles("level_flow", names);
    }

    /** Writes each level's e_n into {@code out}'s fields 0..levels−1 and keeps this state; false on the first state. */
    boolean step(Event snapshot, FeatureEvent out) {
        if (!step(snapshot, scratch)) {
            return false;
        }
        for (int m = 0; m < scratch.length; m++) {
            out.set(m, scratch[m]);
        }
        return true;
    }

    private final double[] scratch;

    /** Writes each level's e_n into {@code out[0..levels−1]} and keeps this state; false on the first state. */
    boolean step(Event snapshot, double[] out) {
        int nb = snapshot.arrayLength(BID_PRICES);
        int na = snapshot.arrayLength(ASK_PRICES);
        double[] bp = snapshot.getArray(BID_PRICES);
        double[] bq = snapshot.getArray(BID_SIZES);
        double[] ap = snapshot.getArray(ASK_PRICES);
        double[] aq = snapshot.getArray(ASK_SIZES);
        boolean emit = present;
        for (int m = 0; m < bidPrice.length; m++) {
            double pb = m < nb ? bp[m] : Double.NEGATIVE_INFINITY;
            double qb = m < nb ? bq[m] : 0;
            double pa = m < na ? ap[m] : Double.POSITIVE_INFINITY;
            double qa = m < na ? aq[m] : 0;
            if (emit) {
                out[m] = flow(bidPrice[m], bidSize[m], pb, qb, askPrice[m], askSize[m], pa, qa);
            }
            bidPrice[m] = pb;
            bidSize[m] = qb;
            askPrice[m] = pa;
            askSize[m] = qa;
        }
        present = true;
        return emit;
    }

    /** e_n of one level from its previous (…0) and current prices and sizes. */
    static double flow(double pb0, double qb0, double pb, double qb, double pa0, double qa0, double pa, double qa) {
        double e = 0;
        if (pb >= pb0) {
            e += qb;
        }
        if (pb <= pb0) {
            e -= qb0;
        }
        if (pa <= pa0) {
            e -= qa;
        }
        if (pa >= pa0) {
            e += qa0;
        }
        return e;
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
    }
}
