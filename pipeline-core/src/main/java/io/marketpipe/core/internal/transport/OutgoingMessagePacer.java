package io.marketpipe.core.internal.transport;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Holds one connection's outgoing messages to at most N per second over any sliding second
 * (venues such as Binance disconnect a client that sends faster). Messages beyond the limit wait
 * in FIFO order and are drained by the scheduler; none is dropped while the connection is open.
 */
final class OutgoingMessagePacer
{
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long[] sentAt;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService scheduler;
    private final Predicate<String> sender;
    private final Runnable onQueued;
    private final Queue<String> waiting = new ArrayDeque<>();
    private int sentCount;
    private int oldest;
    private boolean drainScheduled;
    private boolean closed;
    private Runnable closeWhenDrained;

    OutgoingMessagePacer(int messagesPerSecond, LongSupplier nanoTime, ScheduledExecutorService scheduler, Predicate<String> sender, Runnable onQueued)
    {
        if (messagesPerSecond <= 0) {
            throw new IllegalArgumentException("messagesPerSecond must be positive: " + messagesPerSecond);
        }
        this.sentAt = new long[messagesPerSecond];
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.sender = requireNonNull(sender, "sender is null");
        this.onQueued = requireNonNull(onQueued, "onQueued is null");
    }

    /**
     * @return false when the connection is closing and the message was not taken
     */
    synchronized boolean offer(String text)
    {
        if (closed || closeWhenDrained != null) {
            return false;
        }
        if (waiting.isEmpty() && takeSlot(nanoTime.getAsLong())) {
            return sender.test(text);
        }
        waiting.add(text);
        onQueued.run();
        scheduleDrain();
        return true;
    }

    /**
     * Runs {@code close} once every waiting message has been sent (at once when none waits).
     */
    void closeWhenDrained(Runnable close)
    {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!waiting.isEmpty()) {
                closeWhenDrained = close;
                return;
            }
            closed = true;
        }
        close.run();
    }

    /**
     * Forgets waiting messages: the connection is gone.
     */
    synchronized void discard()
    {
        closed = true;
        closeWhenDrained = null;
        waiting.clear();
    }

    void drain()
    {
        Runnable close = null;
        synchronized (this) {
            drainScheduled = false;
            if (closed) {
                return;
            }
            while (!waiting.isEmpty() && takeSlot(nanoTime.getAsLong())) {
                if (!sender.test(waiting.poll())) {
                    discard();
                    return;
                }
            }
            if (!waiting.isEmpty()) {
                scheduleDrain();
            }
            else if (closeWhenDrained != null) {
                close = closeWhenDrained;
                closeWhenDrained = null;
                closed = true;
            }
        }
        if (close != null) {
            close.run();
        }
    }

    private boolean takeSlot(long now)
    {
        if (sentCount < sentAt.length) {
            sentAt[(oldest + sentCount) % sentAt.length] = now;
            sentCount++;
            return true;
        }
        if (now - sentAt[oldest] >= WINDOW_NANOS) {
            sentAt[oldest] = now;
            oldest = (oldest + 1) % sentAt.length;
            return true;
        }
        return false;
    }

    private void scheduleDrain()
    {
        if (drainScheduled) {
            return;
        }
        drainScheduled = true;
        long delay = sentCount < sentAt.length ? 0 : Math.max(0, sentAt[oldest] + WINDOW_NANOS - nanoTime.getAsLong());
        scheduler.schedule(this::drain, delay, TimeUnit.NANOSECONDS);
    }
}
