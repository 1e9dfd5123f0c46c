package io.featurizer.core.emitter;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;

/**
 * A producer of data source events: live venues, a replay of storage, the synthetic market. The
 * seed's interface: register callbacks for data source features, then {@link #start()}; events arrive
 * on one delivery thread until {@link #stop()}. A graph fed by one emitter cannot tell which kind it is.
 */
public interface DataSourceEventEmitter extends AutoCloseable {
    /** Delivers every event of {@code source} (a data source feature: exchange, instrument_type, symbol, channel) to the callback. */
    void registerCallback(Feature source, DataSourceCallback callback);

    void start();

    /** Stops producing and delivering; returns once the delivery thread has finished its current event. */
    void stop();

    @Override
    default void close() {
        stop();
    }

    /** Registers every input of a graph so that its events are pushed into the graph (on the delivery thread). */
    default void feed(FeatureStreamGraph graph) {
        for (Feature in : graph.getIns()) {
            int index = graph.sourceIndex(in);
            registerCallback(in, (source, event) -> graph.emit(index, event));
        }
    }
}
