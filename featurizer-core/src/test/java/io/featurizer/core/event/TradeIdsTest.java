package io.featurizer.core.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradeIdsTest {

    @Test
    void decimalIdsThatFitALongAreTheirValue() {
        assertEquals(48273, TradeIds.of("48273"));
        assertEquals(2_290_000_000_061_666_327L, TradeIds.of("2290000000061666327"));
        assertEquals(Long.MAX_VALUE, TradeIds.of("9223372036854775807"));
        assertEquals(-1, TradeIds.of(""));
    }

    @Test
    void uuidsFoldHighAndLowHalves() {
        long hi = Long.parseUnsignedLong("9dc75fca4bdd4773", 16);
        long lo = Long.parseUnsignedLong("9f786f5d7ab2a110", 16);
        assertEquals(hi ^ lo, TradeIds.of("9dc75fca-4bdd-4773-9f78-6f5d7ab2a110"));
        assertEquals(0x1234_5678_9abc_def0L, TradeIds.of(TradeIds.uuidOf(0x1234_5678_9abc_def0L)));
        assertEquals("00000000-0000-0000-0000-00000000002a", TradeIds.uuidOf(42));
    }

    @Test
    void otherIdsAreFnv1aWithTheSignBitSet() {
        // FNV-1a 64 of "foobar" is 0x85944171f73967e8 (published test vector); its sign bit is already set
        assertEquals(0x85944171f73967e8L, TradeIds.of("foobar"));
        // one past Long.MAX_VALUE no longer fits: hashed, hence negative
        assertTrue(TradeIds.of("9223372036854775808") < 0);
        assertTrue(TradeIds.of("12345678901234567890") < 0);
        byte[] framed = "xx48273yy".getBytes();
        assertEquals(48273, TradeIds.of(framed, 2, 7));
    }
}
