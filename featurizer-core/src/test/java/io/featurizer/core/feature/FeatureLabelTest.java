package io.featurizer.core.feature;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureLabelTest {
    final Feature mid = Features.feature("price.mid_price_fd", Map.of("dep_schema", "ticker"), Features.ticker("BINANCE", "spot", "BTC-USDT"));

    @Test
    void labelTwinHasItsOwnKeyAndLabelName() {
        Feature label = Feature.makeLabel(mid);
        assertTrue(label.isLabel());
        assertNotEquals(mid.key(), label.key(), "the label flag is part of the key");
        assertEquals(mid.children(), label.children());
        assertEquals("label_MidPriceFD_" + label.key().substring(0, 8), label.name());
        assertEquals("label_mid", Feature.makeLabel(mid.named("mid")).name(), "a user name is kept behind the label_ prefix");
        assertEquals(Feature.makeLabel(mid).key(), label.key(), "stable");
    }
}
