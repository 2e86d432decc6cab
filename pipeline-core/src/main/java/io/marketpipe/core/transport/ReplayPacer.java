package io.marketpipe.core.transport;

import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Holds replayed lines back until their recorded offset from the first timestamped line, scaled
 * by the speed, has passed on the wall clock. Lines without a time (ts 0) and lines recorded
 * earlier than one already replayed go at once.
 */
final class ReplayPacer
{
    private final ReplaySpeed speed;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private boolean anchored;
    private long firstRecordedNanos;
    private long firstWallNanos;

    ReplayPacer(ReplaySpeed speed, LongSupplier nanoTime, Sleeper sleeper)
    {
        this.speed = requireNonNull(speed, "speed is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    void await(long recordedNanos)
            throws InterruptedException
    {
        if (speed.isMax() || recordedNanos <= 0) {
            return;
        }
        if (!anchored) {
            anchored = true;
            firstRecordedNanos = recordedNanos;
            firstWallNanos = nanoTime.getAsLong();
            return;
        }
        long due = firstWallNanos + speed.scale(recordedNanos - firstRecordedNanos);
        long delay = due - nanoTime.getAsLong();
        if (delay > 0) {
            sleeper.sleep(delay);
        }
    }

    /**
     * Waits on the wall clock; may return early when the replay is stopped.
     */
    @FunctionalInterface
    interface Sleeper
    {
        void sleep(long nanos)
                throws InterruptedException;
    }
}
