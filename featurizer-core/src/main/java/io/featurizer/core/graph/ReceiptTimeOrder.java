package io.featurizer.core.graph;

import io.featurizer.core.event.Event;

import java.io.DataInput;
import java.io.DataOutput;

/** Arrival order: every input is processed as it is offered, with no buffering and no added latency. */
final class ReceiptTimeOrder implements InputOrder {
    @Override
    public void offer(int source, Event event, Sink sink) {
        sink.process(source, event);
    }

    @Override
    public void flush(Sink sink) {
    }

    @Override
    public long lateDropped() {
        return 0;
    }

    @Override
    public long lateProcessed() {
        return 0;
    }

    @Override
    public int buffered() {
        return 0;
    }

    @Override
    public void snapshot(DataOutput out) {
    }

    @Override
    public void restore(DataInput in) {
    }
}
