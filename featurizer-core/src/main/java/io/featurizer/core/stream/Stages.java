package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The toolkit's stage implementations; users reach them through {@link EventStream}'s methods. */
final class Stages {
    private Stages() {
    }

    static final class Map extends EventStream {
        @Override
        protected boolean ownsOutput() {
            return true;
        }

        private final EventMapper mapper;
        private final FeatureEvent out;

        Map(Pipeline p, Schema schema, EventMapper mapper) {
            super(p, schema);
            this.mapper = mapper;
            this.out = new FeatureEvent(schema);
        }

        @Override
        protected void push(Event event) {
            out.setTimes(event.ts(), event.receiptTs());
            mapper.map(event, out);
            if (next != null) {
                next.push(out);
                forwardMore(out);
            }
        }
    }

    static final class Filter extends EventStream {
        private final EventPredicate predicate;

        Filter(Pipeline p, Schema schema, EventPredicate predicate) {
            super(p, schema);
            this.predicate = predicate;
        }

        @Override
        protected void push(Event event) {
            if (predicate.test(event) && next != null) {
                next.push(event);
                forwardMore(event);
            }
        }
    }

    static final class Scan<S extends Snapshottable> extends EventStream implements Snapshottable {
        @Override
        protected boolean ownsOutput() {
            return true;
        }

        private final S state;
        private final Accumulator<S> accumulator;
        // Two buffers: the accumulator writes into `spare`; only an emitted buffer becomes `out`, so
        // the last emitted event never changes behind the engine's back.
        private FeatureEvent out;
        private FeatureEvent spare;

        Scan(Pipeline p, Schema schema, S state, Accumulator<S> accumulator) {
            super(p, schema);
            this.state = state;
            this.accumulator = accumulator;
            this.out = new FeatureEvent(schema);
            this.spare = new FeatureEvent(schema);
        }

        @Override
        protected void push(Event event) {
            spare.copyFrom(out);
            spare.setTimes(event.ts(), event.receiptTs());
            if (accumulator.accumulate(state, event, spare)) {
                FeatureEvent emitted = spare;
                spare = out;
                out = emitted;
                forward(emitted);
            }
        }

        @Override
        public void snapshot(DataOutput o) throws IOException {
            state.snapshot(o);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            state.restore(in);
        }
    }

    /** Last event per epoch-aligned bucket, emitted when an event of a later bucket arrives. */
    static final class Sample extends EventStream implements Snapshottable {
        @Override
        protected boolean ownsOutput() {
            return true;
        }

        private final long bucketNanos;
        private Event held; // last event of the open bucket
        private Event emitted; // last event forwarded; kept apart so it never changes while held does
        private boolean holding;
        private long heldBucket = Long.MIN_VALUE; // bucket of the held (or last emitted) event

        Sample(Pipeline p, Schema schema, long bucketNanos) {
            super(p, schema);
            this.bucketNanos = bucketNanos;
            this.held = Events.newEvent(schema);
            this.emitted = Events.newEvent(schema);
        }

        @Override
        protected void push(Event event) {
            long bucket = Math.floorDiv(event.ts(), bucketNanos);
            if (holding && bucket > heldBucket) {
                Event e = held;
                held = emitted;
                emitted = e;
                holding = false;
                forward(e);
            }
            if (bucket >= heldBucket) { // an event of an already emitted bucket is dropped
                held.copyFrom(event);
                heldBucket = bucket;
                holding = true;
            }
        }

        @Override
        public void snapshot(DataOutput o) throws IOException {
            o.writeBoolean(holding);
            o.writeLong(heldBucket);
            if (holding) {
                held.write(o);
            }
        }

        @Override
        public void restore(DataInput in) throws IOException {
            holding = in.readBoolean();
            heldBucket = in.readLong();
            if (holding) {
                held.read(in);
            }
        }
    }

    static final class Unique extends EventStream implements Snapshottable {
        @Override
        protected boolean ownsOutput() {
            return true;
        }

        private final Event previous;
        private boolean hasPrevious;

        Unique(Pipeline p, Schema schema) {
            super(p, schema);
            this.previous = Events.newEvent(schema);
        }

        @Override
        protected void push(Event event) {
            if (hasPrevious && previous.sameValues(event)) {
                return;
            }
            previous.copyFrom(event);
            hasPrevious = true;
            if (next != null) {
                next.push(previous);
                forwardMore(previous);
            }
        }

        @Override
        public void snapshot(DataOutput o) throws IOException {
            o.writeBoolean(hasPrevious);
            if (hasPrevious) {
                previous.write(o);
            }
        }

        @Override
        public void restore(DataInput in) throws IOException {
            hasPrevious = in.readBoolean();
            if (hasPrevious) {
                previous.read(in);
            }
        }
    }

    static final class CombineLatest extends EventStream implements Snapshottable {
        @Override
        protected boolean ownsOutput() {
            return true;
        }

        private final Event[] latest;
        private final boolean[] has;
        private final int[] offsets;
        private final FeatureEvent out;
        private int missing;

        CombineLatest(Pipeline p, EventStream[] streams) {
            super(p, combinedSchema(streams));
            latest = new Event[streams.length];
            has = new boolean[streams.length];
            offsets = new int[streams.length];
            int off = 0;
            for (int i = 0; i < streams.length; i++) {
                latest[i] = Events.newEvent(streams[i].schema());
                offsets[i] = off;
                off += streams[i].schema().size();
            }
            missing = streams.length;
            out = new FeatureEvent(schema());
        }

        private static Schema combinedSchema(EventStream[] streams) {
            Schema.Builder b = Schema.builder("combine_latest");
            for (int i = 0; i < streams.length; i++) {
                for (Schema.Field f : streams[i].schema().fields()) {
                    b.add("in" + i + "_" + f.name(), f.type());
                }
            }
            return b.build();
        }

        EventStream port(int i) {
            return new EventStream(pipeline, latest[i].schema()) {
                @Override
                protected void push(Event event) {
                    onInput(i, event);
                }
            };
        }

        private void onInput(int i, Event event) {
            latest[i].copyFrom(event);
            if (!has[i]) {
                has[i] = true;
                missing--;
            }
            if (missing > 0) {
                return;
            }
            out.setTimes(event.ts(), event.receiptTs());
            for (int s = 0; s < latest.length; s++) {
                Event e = latest[s];
                Schema sc = e.schema();
                for (int f = 0; f < sc.size(); f++) {
                    int target = offsets[s] + f;
                    if (sc.type(f) == FieldType.DOUBLE_ARRAY) {
                        int n = e.arrayLength(f);
                        System.arraycopy(e.getArray(f), 0, out.arrayForWrite(target, n), 0, n);
                    } else if (sc.type(f) == FieldType.LONG) {
                        out.setLong(target, e.getLong(f));
                    } else {
                        out.set(target, e.getDouble(f));
                    }
                }
            }
            forward(out);
        }

        @Override
        protected void push(Event event) {
            throw new IllegalStateException("combineLatest receives events through its ports");
        }

        @Override
        public void snapshot(DataOutput o) throws IOException {
            for (int i = 0; i < latest.length; i++) {
                o.writeBoolean(has[i]);
                if (has[i]) {
                    latest[i].write(o);
                }
            }
        }

        @Override
        public void restore(DataInput in) throws IOException {
            missing = latest.length;
            for (int i = 0; i < latest.length; i++) {
                has[i] = in.readBoolean();
                if (has[i]) {
                    latest[i].read(in);
                    missing--;
                }
            }
        }
    }
}
