package io.featurizer.core.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NearestNameTest {
    @Test
    void distanceCountsEditsAndAdjacentSwaps() {
        assertEquals(1, NearestName.distance("windw", "window")); // one insertion
        assertEquals(1, NearestName.distance("widnow", "window")); // one swap
        assertEquals(2, NearestName.distance("wndw", "window"));
        assertEquals(0, NearestName.distance("", ""));
    }

    @Test
    void suggestsOnlyLikelyTypos() {
        List<String> known = List.of("window", "sampling", "dep_schema");
        assertEquals(Optional.of("window"), NearestName.of("windw", known));
        assertEquals(Optional.of("dep_schema"), NearestName.of("DEP_SHEMA", known), "case is ignored");
        assertEquals(Optional.empty(), NearestName.of("volume", known), "too far from every name");
        assertEquals("; did you mean 'sampling'?", NearestName.suggestion("samplng", known));
        assertEquals("", NearestName.suggestion("x", known));
    }
}
