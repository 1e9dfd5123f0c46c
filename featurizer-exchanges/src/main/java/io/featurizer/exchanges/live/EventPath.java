package io.featurizer.exchanges.live;

import io.featurizer.core.event.Event;

/** Where a connection's reader puts each normalized event: the {@link HandOff} or {@link InlineDelivery}. */
interface EventPath {
    /** Delivers or queues the event (copying what it keeps); false if it was dropped. */
    boolean offer(int source, Event event);
}
