package io.featurizer.core.definitions;

import io.featurizer.core.feature.ParamException;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

/**
 * The {@code interval} and {@code window} params of a rolling statistic over a time grid ({@link GridOperator}): the
 * window holds the values of the last {@code window / interval} grid points, those in {@code (g − window, g]}.
 */
public final class GridWindow {
    /** Grid points a window may hold: each is kept in memory. */
    public static final int MAX_STEPS = 1_000_000;
    public final ParamSpec interval;
    public final ParamSpec window;
    private final int minSteps;

    /** Params with these defaults; the window must span at least {@code minSteps} intervals. */
    public GridWindow(String defaultInterval, String defaultWindow, int minSteps) {
        this.interval = ParamSpec.duration("interval", "the sampling grid: one value per interval, between consecutive multiples of it")
                .withDefault(defaultInterval);
        this.window = ParamSpec.duration("window", "the rolling window of grid values; a multiple of interval, at least "
                + minSteps + " of them").withDefault(defaultWindow);
        this.minSteps = minSteps;
    }

    /** Grid points in the window; a clear error when the window is not a multiple of the interval. */
    public int steps(Params params) {
        long i = interval.nanos(params);
        long w = window.nanos(params);
        if (w % i != 0 || w / i < minSteps || w / i > MAX_STEPS) {
            throw new ParamException("window", ParamException.Kind.BAD_VALUE, "param 'window': " + window.string(params)
                    + " is not a multiple of interval " + interval.string(params) + " spanning " + minSteps + " to " + MAX_STEPS + " of them");
        }
        return (int) (w / i);
    }

    /** The window and one more interval: the sample the window's first value starts from. */
    public long lookbackNanos(Params params) {
        return window.nanos(params) + interval.nanos(params);
    }
}
