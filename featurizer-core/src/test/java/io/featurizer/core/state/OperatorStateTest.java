package io.featurizer.core.state;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.stream.FixedPointSum;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Declared state: every kind of piece comes back from a snapshot as it was, in a fresh declaration of the same pieces. */
class OperatorStateTest {
    static final Schema OUT = Schema.builder("o").addDouble("x").addLong("n").build();

    /** The same declaration, twice. */
    static final class Declared {
        final OperatorState state = new OperatorState();
        final OperatorState.DoubleCell d = state.doubleCell();
        final OperatorState.LongCell l = state.longCell();
        final OperatorState.Flag f = state.flag();
        final FixedPointSum sum = state.add(new FixedPointSum());
        final OperatorState.LastOutput last = state.lastOutput(new FeatureEvent(OUT));
        final OperatorState.LastOutput never = state.lastOutput(new FeatureEvent(OUT));
    }

    @Test
    void everyPieceRoundTrips() throws IOException {
        Declared a = new Declared();
        a.d.set(-0.1);
        a.l.set(41);
        a.l.increment();
        a.f.set(true);
        a.sum.add(0.1);
        a.sum.add(0.2);
        a.sum.remove(0.1);
        FeatureEvent out = a.last.write();
        out.setTimes(7, 8);
        out.set(0, 2.5).setLong(1, 3);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.state.snapshot(new DataOutputStream(bytes));
        Declared b = new Declared();
        b.state.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertEquals(-0.1, b.d.get());
        assertEquals(42, b.l.get());
        assertTrue(b.f.get());
        assertEquals(0.2, b.sum.value());
        assertTrue(b.last.present());
        assertEquals(7, b.last.event().ts());
        assertEquals(8, b.last.event().receiptTs());
        assertEquals(2.5, b.last.event().getDouble(0));
        assertEquals(3, b.last.event().getLong(1));
        assertFalse(b.never.present());
    }
}
