package io.featurizer.core.feature;

import io.featurizer.core.event.Event;

/** An event together with the feature (or data source) it belongs to. The event may be a view: see {@link Event}. */
public record NamedDataEvent(Feature feature, Event event) {
    public NamedDataEvent copy() {
        return new NamedDataEvent(feature, event.copy());
    }
}
