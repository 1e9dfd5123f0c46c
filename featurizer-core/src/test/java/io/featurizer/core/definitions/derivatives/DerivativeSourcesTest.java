package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.core.feature.Features;
import io.featurizer.core.venue.VenueCapabilities;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The derivatives data sources: who may have them, and their events' copy and serialization. */
class DerivativeSourcesTest {
    @Test
    void spotIsALoadError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Features.derivativeTicker("BINANCE_FUTURES", "spot", "BTC-USDT"));
        assertTrue(e.getMessage().contains("perpetual") && e.getMessage().contains("futures"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Features.liquidations("OKX", "swap", "BTC-USDT-SWAP"));
        assertTrue(e.getMessage().contains("perpetual"), "suggests the name: " + e.getMessage());
    }

    @Test
    void aVenueWithoutDerivativesIsALoadErrorNamingTheNearest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Features.derivativeTicker("BINANCE", "perpetual", "BTC-USDT"));
        assertTrue(e.getMessage().contains("did you mean 'BINANCE_FUTURES'?"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Features.liquidations("COINBASE", "perpetual", "BTC-USD"));
        assertEquals("derivative_ticker", Features.derivativeTicker("DERIBIT", "perpetual", "BTC-PERPETUAL").definition().name());
        assertTrue(VenueCapabilities.servesDerivatives("BYBIT") && VenueCapabilities.streamsDerivativesLive("BINANCE_FUTURES")
                && !VenueCapabilities.streamsDerivativesLive("DERIBIT"));
    }

    @Test
    void aConfigNamingASpotDerivativesSourceFailsAtLoadWithFileAndLine() {
        io.featurizer.core.config.ConfigException e = assertThrows(io.featurizer.core.config.ConfigException.class,
                () -> io.featurizer.core.config.FeaturizerConfig.parse("""
                        feature_configs:
                          - feature_definition: derivatives.mark_index_basis
                            params: {data_source: [{exchange: BINANCE_FUTURES, instrument_type: spot, symbol: BTC-USDT}]}
                        """, "derivatives.yaml"));
        assertTrue(e.getMessage().startsWith("derivatives.yaml:3:") && e.getMessage().contains("'spot' is not one of perpetual, futures"),
                e.getMessage());
    }

    @Test
    void theDocsShowTheDerivativesVenueTable() throws IOException {
        assertTrue(Files.readString(Path.of("../docs/definitions.md")).contains(VenueCapabilities.derivativesTable()),
                "docs/definitions.md's Derivatives data section shows:\n" + VenueCapabilities.derivativesTable());
    }

    @Test
    void eventsRoundTripThroughCopyAndBytes() throws IOException {
        DerivativeTicker t = new DerivativeTicker().set(5, 6, 0.0001, Double.NaN, 1_700_000_000_000_000_000L, 123.5, 30_001, 30_000, Double.NaN);
        Liquidation l = new Liquidation().set(7, 8, Side.SELL, 29_000.5, 0.25, 42);
        for (Event e : new Event[] {t, l}) {
            assertEquals(e, e.copy());
            Event blank = Events.newEvent(e.schema());
            assertEquals(e.getClass(), blank.getClass());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            e.write(new DataOutputStream(bytes));
            blank.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(e, blank);
        }
        assertEquals(1_700_000_000_000_000_000L, t.getLong(DerivativeTicker.NEXT_FUNDING_TIME));
        assertEquals(Side.SELL, l.getLong(Liquidation.SIDE));
    }
}
