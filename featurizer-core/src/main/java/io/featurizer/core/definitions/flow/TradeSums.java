package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;

/**
 * The sums every trade-flow window needs: buy and sell counts, exact signed volume, volume and notional. Invertible,
 * so a sliding window adds and removes in O(1); the definitions differ only in {@link #finish} and in which sums they
 * keep (the counts always; the others only when read, since each exact sum costs a few ns per add and remove). An
 * element is [side (+1 taker buy, −1 taker sell), amount, price·amount], cut after the side or the amount when the rest
 * is not kept.
 */
abstract class TradeSums implements Aggregator<TradeSums.Sums> {
    private final boolean signed;
    private final boolean notional;
    private final int width;

    /** {@code signed}: keep the signed volume; {@code notional}: keep the volume and the notional. */
    TradeSums(boolean signed, boolean notional) {
        this.signed = signed;
        this.notional = notional;
        // only the values read are kept: a count's window holds the side alone (the rings of the 1-minute trade windows
        // outgrow the cache, so their bytes are the features' cost)
        this.width = notional ? 3 : signed ? 2 : 1;
    }

    boolean keepsSigned() {
        return signed;
    }

    boolean keepsNotional() {
        return notional;
    }

    /** The intermediate: counts (exact integers) and exact sums. */
    static final class Sums {
        long buys;
        long sells;
        final FixedPointSum signedVolume = new FixedPointSum();
        final FixedPointSum volume = new FixedPointSum();
        final FixedPointSum notional = new FixedPointSum();
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final boolean extract(Event event, double[] row, int off) {
        Trade t = (Trade) event;
        row[off] = t.isBuy() ? 1 : -1; // exactly ±1: update and remove multiply the amount by it
        if (width > 1) {
            row[off + 1] = t.amount();
        }
        if (width > 2) {
            row[off + 2] = t.price() * t.amount();
        }
        return true;
    }

    @Override
    public final Sums create() {
        return new Sums();
    }

    @Override
    public final void clear(Sums s) {
        s.buys = 0;
        s.sells = 0;
        s.signedVolume.reset();
        s.volume.reset();
        s.notional.reset();
    }

    // Sides come at random, so nothing below branches on one: the count goes by 0 or 1, and the signed volume adds
    // side × amount (adding −a to an exact sum is removing a).
    @Override
    public final void update(Sums s, double[] row, int off) {
        int buy = row[off] > 0 ? 1 : 0;
        s.buys += buy;
        s.sells += 1 - buy;
        if (signed) {
            s.signedVolume.add(row[off] * row[off + 1]);
        }
        if (notional) {
            s.volume.add(row[off + 1]);
            s.notional.add(row[off + 2]);
        }
    }

    @Override
    public final boolean invertible() {
        return true;
    }

    @Override
    public final void remove(Sums s, double[] row, int off) {
        int buy = row[off] > 0 ? 1 : 0;
        s.buys -= buy;
        s.sells -= 1 - buy;
        if (signed) {
            s.signedVolume.remove(row[off] * row[off + 1]);
        }
        if (notional) {
            s.volume.remove(row[off + 1]);
            s.notional.remove(row[off + 2]);
        }
    }

    @Override
    public final void merge(Sums into, Sums later) {
        into.buys += later.buys;
        into.sells += later.sells;
        into.signedVolume.add(later.signedVolume);
        into.volume.add(later.volume);
        into.notional.add(later.notional);
    }
}
