package io.marketpipe.core.internal.transport;

import io.marketpipe.core.capture.ReplaySpeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Holds replayed lines back until their recorded offset from the first timestamped line, scaled
 * by the speed, has passed on the wall clock. Lines without a time (ts 0) and lines recorded
 * earlier than one already replayed go at once. A silence in the recording longer than
 * {@code maxPause} on the wall clock (a recorder suspended overnight, a clock jump) is shortened to
 * {@code maxPause}, and the lines after it keep their pace from there.
 */
final class ReplayPacer
{
    private static final Logger log = LoggerFactory.getLogger(ReplayPacer.class);

    private final ReplaySpeed speed;
    private final long maxPauseNanos;
    private long lastRecordedNanos;
    private long shortened;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private boolean anchored;
    private long firstRecordedNanos;
    private long firstWallNanos;

    ReplayPacer(ReplaySpeed speed, Duration maxPause, LongSupplier nanoTime, Sleeper sleeper)
    {
        this.speed = requireNonNull(speed, "speed is null");
        this.maxPauseNanos = requireNonNull(maxPause, "maxPause is null").toNanos();
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
            lastRecordedNanos = recordedNanos;
            firstWallNanos = nanoTime.getAsLong();
            return;
        }
        long pause = speed.scale(recordedNanos - lastRecordedNanos);
        if (maxPauseNanos > 0 && pause > maxPauseNanos) {
            firstWallNanos -= pause - maxPauseNanos;
            if (shortened++ == 0) {
                log.warn("the recording is silent for {} s of replay time; waiting {} s instead (marketpipe.replay.max-pause; further pauses are shortened too)",
                        pause / 1_000_000_000, maxPauseNanos / 1_000_000_000.0);
            }
        }
        lastRecordedNanos = Math.max(lastRecordedNanos, recordedNanos);
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
