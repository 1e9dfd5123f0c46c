package io.featurizer.core.stream;

import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.OperatorState;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A {@link FeatureOperator} assembled from {@link EventStream} stages. {@link #input(int)} gives the
 * stream of one child's outputs, {@link #output(EventStream)} marks what the feature emits.
 * Snapshots cover every stateful stage in construction order.
 */
public final class Pipeline implements FeatureOperator {
    private final OperatorContext ctx;
    private final Source[] inputs;
    private final OperatorState states = new OperatorState(); // every stateful stage, declared as it is built
    private Emitter out;
    private boolean ownsOutputs = true;

    public Pipeline(OperatorContext ctx) {
        this.ctx = ctx;
        this.inputs = new Source[ctx.inputSchemas().size()];
    }

    /** The stream of the i-th child's outputs. */
    public EventStream input(int i) {
        if (inputs[i] == null) {
            inputs[i] = new Source(this, ctx.inputSchema(i));
        }
        return inputs[i];
    }

    /** Makes {@code stream}'s events this feature's outputs. */
    public Pipeline output(EventStream stream) {
        stream.connect(new Sink(this, stream.schema()));
        ownsOutputs &= stream.ownsOutput();
        return this;
    }

    @Override
    public boolean ownsOutputs() {
        return ownsOutputs;
    }

    void registerState(Snapshottable s) {
        states.add(s);
    }

    @Override
    public void onEvent(int input, Event event, Emitter emitter) {
        this.out = emitter;
        Source s = inputs[input];
        if (s != null) {
            s.push(event);
        }
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        states.snapshot(o);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        states.restore(in);
    }

    private static final class Source extends EventStream {
        Source(Pipeline p, Schema schema) {
            super(p, schema);
        }

        @Override
        protected void push(Event event) {
            if (next != null) {
                next.push(event);
                forwardMore(event);
            }
        }
    }

    private static final class Sink extends EventStream {
        Sink(Pipeline p, Schema schema) {
            super(p, schema);
        }

        @Override
        protected void push(Event event) {
            pipeline.out.emit(event);
        }
    }
}
