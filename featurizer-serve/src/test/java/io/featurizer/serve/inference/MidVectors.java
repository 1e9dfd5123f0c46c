package io.featurizer.serve.inference;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;

import java.util.List;
import java.util.Map;

/** A reusable vector of one mid value, as the engine hands one out (a view overwritten for the next): the inference tests' input. */
public final class MidVectors {
    public static final Feature MID = Features.feature("price.mid_price_fd", Map.of(), Features.l2Book("BINANCE", "spot", "BTC-USDT")).named("mid");
    public static final List<Feature> FEATURES = List.of(MID);

    private final FeatureEvent mid = new FeatureEvent(MID.schema());
    private final GroupedNamedDataEvent view = new GroupedNamedDataEvent(FEATURES, new Event[]{mid}, new boolean[]{true});

    /** The vector of input {@code seq}: mid 100 + seq, exchange time 1000·seq ns, receipt 7 ns later. */
    public GroupedNamedDataEvent next(long seq) {
        mid.set(0, 100.0 + seq);
        mid.setTimes(1_000 * seq, 1_000 * seq + 7);
        view.setTimes(1_000 * seq, 1_000 * seq + 7);
        return view;
    }
}
