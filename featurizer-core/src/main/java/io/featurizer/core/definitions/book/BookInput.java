package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * What the book features share: they read the {@code l2_book.l2_snapshot_fd} output, and those that
 * look at several levels take a {@code depth} that the snapshot below must provide.
 */
final class BookInput {
    private BookInput() {
    }

    static final String SNAPSHOT = "l2_book.l2_snapshot_fd";
    static final List<String> DEPENDENCIES = List.of(SNAPSHOT);

    /** A {@code depth} param: levels per side, at least 1. */
    static ParamSpec depth(String doc, long byDefault) {
        return ParamSpec.integer("depth", doc).withDefault(byDefault)
                .rule(v -> v instanceof Number n ? n.longValue() >= 1 : Long.parseLong(v.toString().trim()) >= 1, "a positive number of levels");
    }

    /** The book must be the L2 snapshot, and show at least {@code depth} levels (its depth -1 shows them all). */
    static void checkSnapshot(String definition, List<Feature> children, int depth) {
        if (children.size() != 1 || !children.get(0).definition().name().equals(SNAPSHOT)) {
            throw new IllegalArgumentException(definition + " reads one " + SNAPSHOT + " feature, got " + children);
        }
        if (depth <= 0) {
            return;
        }
        Params p = children.get(0).params();
        Object shown = p.get("depth");
        long snapshotDepth = shown instanceof Number n ? n.longValue() : shown == null ? 25 : Long.parseLong(shown.toString().trim());
        if (snapshotDepth != -1 && snapshotDepth < depth) {
            throw new IllegalArgumentException(definition + " with depth " + depth + " needs " + SNAPSHOT + " of depth >= " + depth
                    + " (or -1), but it has depth " + snapshotDepth);
        }
    }

    /** Both sides of the snapshot have a level. */
    static boolean twoSided(Event snapshot) {
        return snapshot.arrayLength(L2SnapshotFD.BID_PRICES) > 0 && snapshot.arrayLength(L2SnapshotFD.ASK_PRICES) > 0;
    }
}
