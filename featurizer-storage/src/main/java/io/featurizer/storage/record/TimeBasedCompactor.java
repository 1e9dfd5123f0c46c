package io.featurizer.storage.record;

import io.featurizer.core.text.Durations;
import io.featurizer.core.event.Event;

import java.time.Duration;

/**
 * One block per UTC-aligned time bucket of event time (per minute, hour, day, or any length): a block
 * holds the events with {@code ts} in {@code [k*length, (k+1)*length)}, so blocks of a stream tile the day.
 * A block is cut only when event time moves into a <i>later</i> bucket: an event stamped a little
 * earlier than the one before it (a REST book snapshot stamped on receipt among exchange-stamped deltas)
 * stays in the open block, so a stream's blocks, read in start-time order, keep its acceptance order.
 */
public final class TimeBasedCompactor implements Compactor {
    private final long lengthNanos;
    private final String name;

    public TimeBasedCompactor(Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("time-based compaction needs a positive bucket length, got " + length);
        }
        this.lengthNanos = length.toNanos();
        this.name = Durations.format(lengthNanos);
    }

    public static TimeBasedCompactor perMinute() {
        return new TimeBasedCompactor(Duration.ofMinutes(1));
    }

    public static TimeBasedCompactor perHour() {
        return new TimeBasedCompactor(Duration.ofHours(1));
    }

    public static TimeBasedCompactor perDay() {
        return new TimeBasedCompactor(Duration.ofDays(1));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean startsNewBlock(OpenBlock open, Event next) {
        return Math.floorDiv(next.ts(), lengthNanos) > Math.floorDiv(open.firstTs(), lengthNanos);
    }
}
