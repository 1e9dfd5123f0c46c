package io.featurizer.flink;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Injected failures for the Flink tests: one failure, after a completed checkpoint, in one subtask. */
final class Faults {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();
    static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();

    private Faults() {
    }

    static void reset() {
        FAILED.set(false);
        CHECKPOINTS.set(0);
        CHECKPOINTS_BEFORE_FAILURE.set(0);
    }

    /** Two restarts, 100 ms apart: enough for one injected failure. */
    static Configuration restartTwice() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return conf;
    }

    /** Slows the run until checkpoints complete mid-stream, then fails once, after a checkpoint, past 3,000 records. */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<SourceRecord, SourceRecord> implements CheckpointListener {
        private long seen;

        @Override
        public SourceRecord map(SourceRecord r) throws Exception {
            // slow until a checkpoint has completed (the task takes checkpoints between records), then faster
            if (++seen % (CHECKPOINTS.get() == 0 ? 2 : 20) == 0) {
                Thread.sleep(1);
            }
            if (seen > 3_000 && CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
                CHECKPOINTS_BEFORE_FAILURE.set(CHECKPOINTS.get());
                throw new IllegalStateException("injected failure after " + seen + " records");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }

    /** Slows the run (a sleep every few records, so a run lasts seconds) and counts completed checkpoints; never fails. */
    static final class Slow extends RichMapFunction<SourceRecord, SourceRecord> implements CheckpointListener {
        private long seen;

        @Override
        public SourceRecord map(SourceRecord r) throws Exception {
            if (++seen % 4 == 0) {
                Thread.sleep(1);
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }
}
