package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.state.Snapshottable;

/** Decides when each input enters the graph: the ordering strategies of DESIGN.md section 4. */
interface InputOrder extends Snapshottable {
    /** Where ordered inputs go. */
    interface Sink {
        void process(int source, Event event);
    }

    void offer(int source, Event event, Sink sink);

    /** End of input: release everything still held. */
    void flush(Sink sink);

    long lateDropped();

    long lateProcessed();

    /** Events currently held back. */
    int buffered();
}
