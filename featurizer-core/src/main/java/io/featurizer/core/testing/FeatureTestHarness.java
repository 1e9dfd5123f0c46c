package io.featurizer.core.testing;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one feature's operator with hand-made events and collects its outputs (copies), the way
 * Flink's operator test harnesses do. Inputs are indexed like the feature's children.
 * <pre>{@code
 * FeatureTestHarness h = FeatureTestHarness.of(midPriceFeature);
 * List<Event> out = h.push(0, snapshotEvent);
 * }</pre>
 */
public final class FeatureTestHarness {
    private final Feature feature;
    private final FeatureOperator operator;
    private final List<Event> all = new ArrayList<>();

    private FeatureTestHarness(Feature feature) {
        if (feature.isDataSource()) {
            throw new IllegalArgumentException(feature + " is a data source; the harness drives features");
        }
        this.feature = feature;
        this.operator = ((FeatureDefinition) feature.definition()).createOperator(OperatorContext.of(feature));
    }

    public static FeatureTestHarness of(Feature feature) {
        return new FeatureTestHarness(feature);
    }

    public Feature feature() {
        return feature;
    }

    /** Pushes one event into input {@code input}; returns copies of the outputs it caused. */
    public List<Event> push(int input, Event event) {
        List<Event> out = new ArrayList<>();
        operator.onEvent(input, event, e -> out.add(e.copy()));
        all.addAll(out);
        return out;
    }

    /** Pushes events into input 0; returns all outputs they caused. */
    public List<Event> pushAll(List<? extends Event> events) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            out.addAll(push(0, e));
        }
        return out;
    }

    /** Every output so far. */
    public List<Event> outputs() {
        return all;
    }

    public byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            operator.snapshot(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh harness for the same feature, restored from {@link #snapshot()}. */
    public FeatureTestHarness restoredCopy() {
        byte[] state = snapshot();
        FeatureTestHarness h = new FeatureTestHarness(feature);
        try {
            h.operator.restore(new DataInputStream(new ByteArrayInputStream(state)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return h;
    }
}
