package io.marketpipe.testkit.fakes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A scheduler whose tasks run only when the test says so, on the test's thread. Time does not
 * pass by itself: {@link #runNext()} runs the task with the shortest delay whatever it is, and
 * with a {@link ManualClock}, {@link #runDue()} runs every task due by the clock.
 */
public final class ManualScheduler
        extends AbstractExecutorService
        implements ScheduledExecutorService
{
    private final LongSupplier clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;
    private boolean shutdown;

    /**
     * A scheduler without a clock: delays only order the tasks.
     */
    public ManualScheduler()
    {
        this(() -> 0);
    }

    /**
     * A scheduler whose tasks fall due on the clock's time, in nanoseconds.
     */
    public ManualScheduler(LongSupplier clock)
    {
        this.clock = clock;
    }

    /**
     * Runs every task that is due by the clock, including tasks they schedule that are due too.
     *
     * @return how many tasks ran
     */
    public int runDue()
    {
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(task -> task.dueNanos <= clock.getAsLong())
                        .min(Comparator.comparingLong((Task task) -> task.dueNanos).thenComparingLong(task -> task.sequence))
                        .orElse(null);
                if (next == null) {
                    return ran;
                }
                tasks.remove(next);
            }
            next.command.run();
            ran++;
        }
    }

    /**
     * Runs the pending task with the shortest delay.
     *
     * @return the delay it was scheduled with, in nanoseconds
     * @throws AssertionError when nothing is pending
     */
    public long runNext()
    {
        Task next;
        synchronized (this) {
            next = tasks.stream()
                    .min(Comparator.comparingLong((Task task) -> task.delayNanos).thenComparingLong(task -> task.sequence))
                    .orElseThrow(() -> new AssertionError("no task is scheduled"));
            tasks.remove(next);
        }
        next.command.run();
        return next.delayNanos;
    }

    /**
     * @return the delays, from now, of the pending tasks, shortest first
     */
    public synchronized List<Long> pendingDelaysNanos()
    {
        long now = clock.getAsLong();
        return tasks.stream().map(task -> task.dueNanos - now).sorted().toList();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit)
    {
        Task task = new Task(command, unit.toNanos(delay), clock.getAsLong() + unit.toNanos(delay), sequence++);
        tasks.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command)
    {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown()
    {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow()
    {
        shutdown = true;
        List<Runnable> pending = tasks.stream().map(task -> task.command).toList();
        tasks.clear();
        return pending;
    }

    @Override
    public synchronized boolean isShutdown()
    {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated()
    {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit)
    {
        return isTerminated();
    }

    private final class Task
            implements ScheduledFuture<Object>
    {
        private final Runnable command;
        private final long delayNanos;
        private final long dueNanos;
        private final long sequence;
        private boolean cancelled;

        Task(Runnable command, long delayNanos, long dueNanos, long sequence)
        {
            this.command = command;
            this.delayNanos = delayNanos;
            this.dueNanos = dueNanos;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(TimeUnit unit)
        {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other)
        {
            return Long.compare(delayNanos, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning)
        {
            synchronized (ManualScheduler.this) {
                cancelled = tasks.remove(this);
                return cancelled;
            }
        }

        @Override
        public boolean isCancelled()
        {
            return cancelled;
        }

        @Override
        public boolean isDone()
        {
            synchronized (ManualScheduler.this) {
                return !tasks.contains(this);
            }
        }

        @Override
        public Object get()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit)
        {
            throw new UnsupportedOperationException();
        }
    }
}
