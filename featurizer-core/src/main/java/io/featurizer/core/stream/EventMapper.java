package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;

/** Writes the fields of {@code out} from {@code in}; the stage has already copied in's timestamps to out. */
@FunctionalInterface
public interface EventMapper {
    void map(Event in, FeatureEvent out);
}
