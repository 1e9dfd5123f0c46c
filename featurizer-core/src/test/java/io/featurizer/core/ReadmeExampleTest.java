package io.featurizer.core;

import io.featurizer.core.definitions.MidPriceFD;
import io.featurizer.core.definitions.VolatilityStddevFD;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's Java example, kept compiling and true. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature top5 = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book);
        Feature mid  = Features.feature("price.mid_price_fd", Map.of(), top5);
        Feature vol  = Features.feature("volatility.volatility_stddev_fd", Map.of("window", "1m"), mid);

        // One combined vector per input that changed an output, never half-updated.
        List<String> printed = new ArrayList<>();
        FeatureStreamGraph graph = new FeatureStreamGraph(List.of(mid, vol), true,
                v -> printed.add(v.get(mid).getDouble(MidPriceFD.MID) + " " + v.get(vol).getDouble(VolatilityStddevFD.VOLATILITY)));

        long t = 1_675_245_600_000_000_000L; // ns since the epoch
        graph.emit(book, new BookUpdate().reset(t, t, true).addBid(100.0, 1).addAsk(102.0, 1));
        graph.emit(book, new BookUpdate().reset(t + 1_000_000, t + 1_000_000, false).addBid(101.0, 2));
        // mids 101 and 101.5: population std of the two is 0.25
        assertEquals(List.of("101.0 0.0", "101.5 0.25"), printed);
    }
}
