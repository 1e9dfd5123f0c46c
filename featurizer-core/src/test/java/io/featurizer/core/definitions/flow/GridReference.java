package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.definitions.flow.FlowEvents.Input;

import java.util.ArrayList;
import java.util.List;

/**
 * The grid points of a time-ordered input list by the documented rules, computed from the list alone: the points are the
 * multiples of the interval from the first at or after the first input to the last before the last input; each is
 * closed by the first input after it; the mid sample at g is the last mid with {@code ts ≤ g}; the trades of g are
 * those with {@code g − interval < ts ≤ g}.
 */
public final class GridReference {
    /** One closed grid point: its time, the input that closes it, the mid samples at g and g − interval (NaN: none), its trades' sums. */
    public record Point(long g, Event closing, double mid, double previousMid, double signedVolume, double notional) {
        public double change() {
            return mid - previousMid; // NaN when either is missing
        }

        public double logReturn() {
            return Math.log(mid / previousMid);
        }
    }

    private GridReference() {
    }

    public static List<Point> points(List<Input> in, long interval) {
        List<Point> out = new ArrayList<>();
        long first = in.get(0).event().ts();
        long last = in.get(in.size() - 1).event().ts();
        for (long g = -Math.floorDiv(-first, interval) * interval; g < last; g += interval) {
            Event closing = null;
            for (Input x : in) {
                if (x.event().ts() > g) {
                    closing = x.event();
                    break;
                }
            }
            double signed = 0, notional = 0;
            for (Input x : in) {
                long ts = x.event().ts();
                if (x.input() == 1 && ts > g - interval && ts <= g) {
                    Trade t = (Trade) x.event();
                    signed += t.isBuy() ? t.amount() : -t.amount();
                    notional += t.price() * t.amount();
                }
            }
            out.add(new Point(g, closing, midAt(in, g), midAt(in, g - interval), signed, notional));
        }
        return out;
    }

    /** The last mid with ts ≤ t, NaN when none. */
    static double midAt(List<Input> in, long t) {
        double v = Double.NaN;
        for (Input x : in) {
            if (x.input() == 0 && x.event().ts() <= t) {
                v = x.event().getDouble(0);
            }
        }
        return v;
    }

    /** Only mids, as inputs 0. */
    public static List<Input> mids(List<? extends Event> mids) {
        List<Input> out = new ArrayList<>();
        for (Event e : mids) {
            out.add(new Input(0, e));
        }
        return out;
    }
}
