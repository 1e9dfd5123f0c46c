package io.featurizer.core.graph;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.NamedDataEvent;
import io.featurizer.core.synthetic.SyntheticMarket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot depths over one source share one book in a graph; each must still see exactly what a lone feature sees. */
class SharedOrderBookTest {
    @Test
    void depthsSharingABookEmitWhatEachEmitsAlone() {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        List<Feature> depths = List.of(
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 1), book),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 25), book),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", -1), book),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5, "sampling", "1s"), book));
        List<NamedDataEvent> together = new ArrayList<>();
        FeatureStreamGraph shared = FeatureStreamGraph.builder(depths).build();
        depths.forEach(f -> shared.getStream(f).subscribe((feature, e) -> together.add(new NamedDataEvent(feature, e.copy()))));
        List<List<NamedDataEvent>> alone = new ArrayList<>();
        List<FeatureStreamGraph> lone = new ArrayList<>();
        for (Feature f : depths) {
            List<NamedDataEvent> out = new ArrayList<>();
            FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(f)).build();
            g.getStream(f).subscribe((feature, e) -> out.add(new NamedDataEvent(feature, e.copy())));
            alone.add(out);
            lone.add(g);
        }
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(3).withRates(4000, 0, 0));
        for (int i = 0; i < 30_000; i++) {
            market.next();
            shared.emit(book, market.event());
            for (FeatureStreamGraph g : lone) {
                g.emit(book, market.event());
            }
        }
        for (int d = 0; d < depths.size(); d++) {
            Feature f = depths.get(d);
            List<NamedDataEvent> mine = together.stream().filter(e -> e.feature().equals(f)).toList();
            assertTrue(alone.get(d).size() > 5, f + " emitted");
            assertEquals(alone.get(d), mine, f + " in a shared graph");
        }
    }
}
