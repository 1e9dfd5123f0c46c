package io.featurizer.core.feature;

import io.featurizer.core.event.Event;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest event of every output feature of a graph (a combined feature vector), plus the time of
 * the input that produced it (or the grid time, when sampled on a time grid).
 *
 * <p>The instance handed to a combined-output callback is a <b>view</b> reused for the next vector;
 * it is valid for the duration of the callback. {@link #copy()} gives one to keep.
 */
public final class GroupedNamedDataEvent {
    private final Feature[] features;
    private final Event[] events;
    private final boolean[] present;
    private long ts;
    private long receiptTs;

    public GroupedNamedDataEvent(List<Feature> features, Event[] events, boolean[] present) {
        this.features = features.toArray(new Feature[0]);
        this.events = events;
        this.present = present;
    }

    /** Sets the time of the input (or grid point) this vector belongs to. */
    public void setTimes(long ts, long receiptTs) {
        this.ts = ts;
        this.receiptTs = receiptTs;
    }

    public long ts() {
        return ts;
    }

    public long receiptTs() {
        return receiptTs;
    }

    public int size() {
        return features.length;
    }

    public Feature feature(int i) {
        return features[i];
    }

    /** The latest event of the i-th output, or null when it has none yet. */
    public Event event(int i) {
        return present[i] ? events[i] : null;
    }

    public boolean isPresent(int i) {
        return present[i];
    }

    /**
     * The latest event of that feature, or null when it has none yet. The same {@code Feature} object
     * the graph was built with is found by reference, with no key comparison (issue 13: comparing
     * 32-character keys per call showed in the profile of a callback reading a few outputs).
     */
    public Event get(Feature feature) {
        return event(indexOf(feature));
    }

    /** Position of a feature among the outputs (resolve once, then read with {@link #event(int)}). */
    public int indexOf(Feature feature) {
        for (int i = 0; i < features.length; i++) {
            if (features[i] == feature) {
                return i;
            }
        }
        for (int i = 0; i < features.length; i++) {
            if (features[i].equals(feature)) {
                return i;
            }
        }
        throw new IllegalArgumentException(feature + " is not an output of this graph");
    }

    /** The latest event of the output with that display name. */
    public Event get(String featureName) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].name().equals(featureName)) {
                return event(i);
            }
        }
        throw new IllegalArgumentException(featureName + " is not an output of this graph");
    }

    /** A deep copy that stays valid after the callback returns. */
    public GroupedNamedDataEvent copy() {
        Event[] copies = new Event[events.length];
        for (int i = 0; i < events.length; i++) {
            copies[i] = present[i] ? events[i].copy() : null;
        }
        GroupedNamedDataEvent g = new GroupedNamedDataEvent(Arrays.asList(features), copies, present.clone());
        g.setTimes(ts, receiptTs);
        return g;
    }

    /** Feature to event, in output order (allocates; for tests and printing). */
    public Map<Feature, Event> asMap() {
        Map<Feature, Event> m = new LinkedHashMap<>();
        for (int i = 0; i < features.length; i++) {
            m.put(features[i], event(i));
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GroupedNamedDataEvent g) || g.ts != ts || g.receiptTs != receiptTs || g.features.length != features.length) {
            return false;
        }
        for (int i = 0; i < features.length; i++) {
            if (!features[i].equals(g.features[i]) || present[i] != g.present[i] || (present[i] && !events[i].equals(g.events[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("GroupedNamedDataEvent{ts=").append(ts).append(", receiptTs=").append(receiptTs);
        for (int i = 0; i < features.length; i++) {
            sb.append(", ").append(features[i].name()).append('=').append(present[i] ? events[i] : "null");
        }
        return sb.append('}').toString();
    }
}
