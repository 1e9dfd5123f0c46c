package io.featurizer.offline.microprice;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineFeatureStreamGenerator;
import io.featurizer.storage.Storage;

import java.util.List;
import java.util.Map;

/**
 * Runs a {@link MicroPriceFit} over a stored book: the source's events in {@code [start, end]} rebuild the book
 * (from its stored snapshots, as every replay does), and each change of the top of book (best prices or sizes)
 * is one step of the chain.
 */
public final class StoredBookFit {
    private StoredBookFit() {
    }

    /** Feeds every top-of-book change of {@code book} (an {@code l2_book} source) in the range into {@code fit}. */
    public static MicroPriceFit run(Storage storage, Feature book, long start, long end, MergeOrder order, MicroPriceFit fit) {
        if (!book.definition().name().equals("l2_book")) {
            throw new IllegalArgumentException("the micro-price fit reads an l2_book source, not " + book.definition().name());
        }
        Feature top = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 1), book);
        try (OfflineFeatureStreamGenerator tops = new OfflineFeatureStreamGenerator(storage, List.of(top), start, end)) {
            tops.order(order);
            MicroPriceFit.Top previous = null;
            while (tops.hasNext()) {
                GroupedNamedDataEvent v = tops.next();
                Event e = v.get(top);
                if (e == null) {
                    continue;
                }
                MicroPriceFit.Top t = top(e);
                if (t.equals(previous)) {
                    continue; // the vector repeats an unchanged top: not a step
                }
                if (previous != null) {
                    fit.add(previous, t);
                }
                previous = t;
            }
        }
        return fit;
    }

    private static MicroPriceFit.Top top(Event s) {
        boolean bid = s.arrayLength(L2SnapshotFD.BID_PRICES) > 0;
        boolean ask = s.arrayLength(L2SnapshotFD.ASK_PRICES) > 0;
        return new MicroPriceFit.Top(bid ? s.getArray(L2SnapshotFD.BID_PRICES)[0] : Double.NaN, bid ? s.getArray(L2SnapshotFD.BID_SIZES)[0] : 0,
                ask ? s.getArray(L2SnapshotFD.ASK_PRICES)[0] : Double.NaN, ask ? s.getArray(L2SnapshotFD.ASK_SIZES)[0] : 0);
    }
}
