package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.event.Event;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.featurizer.core.definitions.derivatives.DerivativesEvents.BASE;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.NaN;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.RECEIPT_LAG;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.SEC;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.feature;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.funding;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.markIndex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** derivatives.funding_annualized and derivatives.mark_index_basis against values worked by hand. */
class FundingAndBasisTest {
    @Test
    void fundingIsAnnualizedByThePeriodsOfItsInterval() {
        FeatureTestHarness h = FeatureTestHarness.of(feature("derivatives.funding_annualized", Map.of()));
        // 0.01 % per 8 h, 3 periods a day, 1095 a year: 0.0001 * 1095 = 0.1095; predicted 0.0002 -> 0.219
        List<Event> out = h.push(0, funding(BASE, 0.0001, 0.0002));
        assertEquals(1, out.size());
        assertEquals(0.1095, out.get(0).getDouble(0), 1e-15);
        assertEquals(0.219, out.get(0).getDouble(1), 1e-15);
        assertEquals(BASE, out.get(0).ts());
        assertEquals(BASE + RECEIPT_LAG, out.get(0).receiptTs());
        assertEquals(List.of(), h.push(0, funding(BASE + SEC, 0.0001, 0.0002)), "unchanged: no output");
        assertEquals(List.of(), h.push(0, funding(BASE + 2 * SEC, NaN, 0.0002)), "no funding rate: no output");
        // a negative rate, no predicted rate (NaN stays NaN): -0.0003 * 1095
        out = h.push(0, funding(BASE + 3 * SEC, -0.0003, NaN));
        assertEquals(-0.3285, out.get(0).getDouble(0), 1e-15);
        assertTrue(Double.isNaN(out.get(0).getDouble(1)));
        assertEquals(List.of(), h.push(0, funding(BASE + 4 * SEC, -0.0003, NaN)), "NaN equals NaN: unchanged");
    }

    @Test
    void aFourHourIntervalHasTwiceThePeriods() {
        FeatureTestHarness h = FeatureTestHarness.of(feature("derivatives.funding_annualized", Map.of("funding_interval", "4h")));
        // 6 periods a day: 0.0001 * 2190 = 0.219
        assertEquals(0.219, h.push(0, funding(BASE, 0.0001, NaN)).get(0).getDouble(0), 1e-15);
        FeatureTestHarness restored = h.restoredCopy();
        assertEquals(h.push(0, funding(BASE + SEC, 0.0001, NaN)), restored.push(0, funding(BASE + SEC, 0.0001, NaN)));
        assertEquals(h.push(0, funding(BASE + SEC, 0.0002, NaN)), restored.push(0, funding(BASE + SEC, 0.0002, NaN)));
    }

    @Test
    void aBadFundingIntervalIsAParamError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> feature("derivatives.funding_annualized", Map.of("funding_interval", "eight hours")));
        assertTrue(e.getMessage().contains("funding_interval"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("derivatives.funding_annualized", Map.of("funding_intervl", "8h")));
        assertTrue(e.getMessage().contains("funding_interval"), "nearest name: " + e.getMessage());
    }

    @Test
    void basisIsMarkOverIndexInBasisPoints() {
        FeatureTestHarness h = FeatureTestHarness.of(feature("derivatives.mark_index_basis", Map.of()));
        // (30 030 - 30 000) / 30 000 = 0.001 = 10 bps
        assertEquals(10.0, h.push(0, markIndex(BASE, 30_030, 30_000)).get(0).getDouble(0), 1e-9);
        assertEquals(List.of(), h.push(0, markIndex(BASE + SEC, 30_030, 30_000)), "unchanged");
        assertEquals(List.of(), h.push(0, markIndex(BASE + 2 * SEC, 30_030, NaN)), "no index");
        assertEquals(List.of(), h.push(0, markIndex(BASE + 3 * SEC, NaN, 30_000)), "no mark");
        assertEquals(List.of(), h.push(0, markIndex(BASE + 4 * SEC, 1, 0)), "index 0");
        // mark below index: (19 990 - 20 000) / 20 000 = -5 bps
        assertEquals(-5.0, h.push(0, markIndex(BASE + 5 * SEC, 19_990, 20_000)).get(0).getDouble(0), 1e-9);
    }
}
