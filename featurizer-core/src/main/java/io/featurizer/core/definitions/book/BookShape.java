package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;

/** The values of one book-shape feature, computed from one l2_snapshot event. */
interface BookShape {
    /** Writes every output field of {@code out} from {@code snapshot} (NaN where a value is undefined). */
    void write(Event snapshot, FeatureEvent out);
}
