package io.featurizer.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress of a long command, polled from a counter: a redrawn bar when standard error is a terminal, else
 * (a log, a pipe, CI) a plain line every few seconds, so logs hold no carriage returns or bar art.
 */
final class Progress implements AutoCloseable {
    /** Seconds between plain progress lines. */
    static final long PLAIN_EVERY_MILLIS = 5_000;

    private final String task;
    private final long max;
    private final String unit;
    private final long unitSize;
    private final LongSupplier done;
    private final ProgressBar bar;
    private final PrintStream plain;
    private final ScheduledExecutorService ticker;
    private final long t0 = System.nanoTime();
    private boolean finished;

    /** A bar if there is a terminal, else plain lines to {@code System.err} every {@link #PLAIN_EVERY_MILLIS}. */
    static Progress start(String task, long max, String unit, long unitSize, LongSupplier done) {
        return new Progress(task, max, unit, unitSize, done, System.console() != null, System.err, PLAIN_EVERY_MILLIS);
    }

    Progress(String task, long max, String unit, long unitSize, LongSupplier done, boolean terminal, PrintStream plain, long plainEveryMillis) {
        this.task = task;
        this.max = Math.max(1, max);
        this.unit = unit;
        this.unitSize = unitSize;
        this.done = done;
        this.plain = plain;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "featurizer-" + task + "-progress");
            t.setDaemon(true);
            return t;
        });
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(this.max).setUnit(unit, unitSize)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
            ticker.scheduleAtFixedRate(() -> bar.stepTo(Math.min(this.max, done.getAsLong())), 0, 200, TimeUnit.MILLISECONDS);
        } else {
            bar = null;
            ticker.scheduleAtFixedRate(this::printLine, plainEveryMillis, plainEveryMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** One plain line: {@code ingest: 42% (120.0 of 286.1 MB) after 5 s}. */
    void printLine() {
        long d = Math.min(max, done.getAsLong());
        plain.printf(Locale.ROOT, "%s: %d%% (%.1f of %.1f%s) after %.0f s%n", task, d * 100 / max, d / (double) unitSize, max / (double) unitSize,
                unit, (System.nanoTime() - t0) / 1e9);
    }

    /** Stops the updates; a bar is drawn full first when the task completed. */
    void finish(boolean completed) {
        if (finished) {
            return;
        }
        finished = true;
        ticker.shutdownNow();
        if (bar != null) {
            if (completed) {
                bar.stepTo(max);
            }
            bar.close();
        }
    }

    @Override
    public void close() {
        finish(false);
    }
}
