package io.featurizer.core.state;

import io.featurizer.core.event.FeatureEvent;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The declared state of one operator: each piece is made here (or added, for a book or ladder that is already
 * {@link Snapshottable}), and a snapshot writes them all in declaration order and a restore reads them back, so a
 * definition author writes no snapshot code ({@link io.featurizer.core.feature.StatefulOperator}). Declare every piece in the constructor, the
 * same way on every build: the order is the snapshot's layout.
 */
public final class OperatorState implements Snapshottable {
    private final List<Snapshottable> parts = new ArrayList<>();

    /** A double, 0 at first. */
    public DoubleCell doubleCell() {
        return add(new DoubleCell());
    }

    /** A long, 0 at first. */
    public LongCell longCell() {
        return add(new LongCell());
    }

    /** A boolean, false at first. */
    public Flag flag() {
        return add(new Flag());
    }

    /** The operator's own output event and whether it holds a value yet (the last value emitted, say). */
    public LastOutput lastOutput(FeatureEvent event) {
        return add(new LastOutput(event));
    }

    /** Any other state that snapshots itself: an exact sum ({@code FixedPointSum}), an order book, a price ladder. */
    public <T extends Snapshottable> T add(T part) {
        parts.add(part);
        return part;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        for (Snapshottable p : parts) {
            p.snapshot(out);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        for (Snapshottable p : parts) {
            p.restore(in);
        }
    }

    /** A double in the operator's state. */
    public static final class DoubleCell implements Snapshottable {
        private double value;

        public double get() {
            return value;
        }

        public void set(double v) {
            value = v;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeDouble(value);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            value = in.readDouble();
        }
    }

    /** A long in the operator's state. */
    public static final class LongCell implements Snapshottable {
        private long value;

        public long get() {
            return value;
        }

        public void set(long v) {
            value = v;
        }

        public long increment() {
            return ++value;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeLong(value);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            value = in.readLong();
        }
    }

    /** A boolean in the operator's state. */
    public static final class Flag implements Snapshottable {
        private boolean value;

        public boolean get() {
            return value;
        }

        public void set(boolean v) {
            value = v;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeBoolean(value);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            value = in.readBoolean();
        }
    }

    /** An operator's output event, kept with whether it has been written yet. */
    public static final class LastOutput implements Snapshottable {
        private FeatureEvent event;
        private boolean present;

        LastOutput(FeatureEvent event) {
            this.event = event;
        }

        public FeatureEvent event() {
            return event;
        }

        public boolean present() {
            return present;
        }

        /** The event, now holding a value: write it, then emit it. */
        public FeatureEvent write() {
            present = true;
            return event;
        }

        /**
         * Makes {@code next} (of the same schema, holding the new value) the last output and returns the buffer it
         * replaces, to write the value after: emitting without copying the value (the last emitted event still never
         * changes behind the engine's back, as each buffer is written only after another one was emitted).
         */
        public FeatureEvent swap(FeatureEvent next) {
            FeatureEvent previous = event;
            event = next;
            present = true;
            return previous;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeBoolean(present);
            if (present) {
                event.write(out);
            }
        }

        @Override
        public void restore(DataInput in) throws IOException {
            present = in.readBoolean();
            if (present) {
                event.read(in);
            }
        }
    }
}
