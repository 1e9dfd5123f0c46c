package io.featurizer.storage.record;

import io.featurizer.core.config.Durations;
import io.featurizer.core.event.Event;

import java.time.Duration;

/**
 * One block per UTC-aligned time bucket of event time (per minute, hour, day, or any length): a block
 * holds the events with {@code ts} in {@code [k*length, (k+1)*length)}, so blocks of a stream never
 * overlap and a day's blocks tile it.
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
        return Math.floorDiv(next.ts(), lengthNanos) != Math.floorDiv(open.firstTs(), lengthNanos);
    }
}
