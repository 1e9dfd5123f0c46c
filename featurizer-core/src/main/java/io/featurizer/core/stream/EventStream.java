package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.Snapshottable;

import java.util.Arrays;

/**
 * A node of a {@link Pipeline}: the Streamz-style toolkit for writing definitions declaratively.
 * Each method appends a stage and returns it, so a definition reads like its data flow:
 * <pre>{@code
 * Pipeline p = new Pipeline(ctx);
 * p.output(p.input(0).filter(e -> ...).map(schema, (in, out) -> ...).unique());
 * }</pre>
 * Stages push views downstream synchronously; stateful stages take part in snapshots.
 */
public abstract class EventStream {
    protected final Pipeline pipeline;
    private final Schema schema;
    // The first downstream stage in its own field: each stage calls `next.push` from its own code, so
    // the JIT sees one receiver type per call site and inlines whole chains. Fan-out (rare) uses `more`.
    protected EventStream next;
    private EventStream[] more;

    protected EventStream(Pipeline pipeline, Schema schema) {
        this.pipeline = pipeline;
        this.schema = schema;
        if (this instanceof Snapshottable s) {
            pipeline.registerState(s);
        }
    }

    /** Schema of the events this stage emits. */
    public Schema schema() {
        return schema;
    }

    /** True when this stage emits only an event object it owns and changes only when it emits again. */
    protected boolean ownsOutput() {
        return false;
    }

    /** Handles one event from upstream. */
    protected abstract void push(Event event);

    /** Sends an event to the downstream stages after the first (call after {@code next.push}). */
    protected final void forwardMore(Event event) {
        if (more != null) {
            for (EventStream d : more) {
                d.push(event);
            }
        }
    }

    /** Sends an event to every downstream stage (for stages off the hot path). */
    protected final void forward(Event event) {
        if (next != null) {
            next.push(event);
            forwardMore(event);
        }
    }

    <T extends EventStream> T connect(T stage) {
        if (next == null) {
            next = stage;
        } else {
            more = more == null ? new EventStream[] {stage} : Arrays.copyOf(more, more.length + 1);
            more[more.length - 1] = stage;
        }
        return stage;
    }

    /** Transforms each event into a new event of {@code outSchema}. */
    public EventStream map(Schema outSchema, EventMapper mapper) {
        return connect(new Stages.Map(pipeline, outSchema, mapper));
    }

    /** Keeps only the events the predicate accepts. */
    public EventStream filter(EventPredicate predicate) {
        return connect(new Stages.Filter(pipeline, schema, predicate));
    }

    /** Folds events into a state, emitting when the accumulator says so (Streamz {@code accumulate}). */
    public <S extends Snapshottable> EventStream scan(Schema outSchema, S state, Accumulator<S> accumulator) {
        return connect(new Stages.Scan<>(pipeline, outSchema, state, accumulator));
    }

    /** An aggregation over a sliding or tumbling, time or count {@link Windows window}, one {@link Aggregator} for all four. */
    public <A> EventStream window(Windows window, Schema outSchema, Aggregator<A> aggregator) {
        return connect(new WindowStage<>(pipeline, outSchema, window, aggregator));
    }

    /** Emits the last event of each epoch-aligned time bucket once a later bucket starts. */
    public EventStream sample(long bucketNanos) {
        return connect(new Stages.Sample(pipeline, schema, bucketNanos));
    }

    /** Drops events whose values equal the previous event's (timestamps ignored). */
    public EventStream unique() {
        return connect(new Stages.Unique(pipeline, schema));
    }

    /**
     * Emits, on every event of any of the streams once all have one, an event whose fields are all
     * streams' latest fields, named {@code in{i}_{field}}, with the triggering event's timestamps.
     */
    public static EventStream combineLatest(EventStream... streams) {
        Stages.CombineLatest c = new Stages.CombineLatest(streams[0].pipeline, streams);
        for (int i = 0; i < streams.length; i++) {
            streams[i].connect(c.port(i));
        }
        return c;
    }
}
