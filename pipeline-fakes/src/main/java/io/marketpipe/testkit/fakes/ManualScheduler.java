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

/**
 * A scheduler whose tasks run only when the test says so, on the test's thread, in order of their
 * delay. Time does not pass by itself: {@link #runNext()} runs the earliest task whatever its delay.
 */
public final class ManualScheduler
        extends AbstractExecutorService
        implements ScheduledExecutorService
{
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;
    private boolean shutdown;

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
     * @return the delays of the pending tasks, shortest first
     */
    public synchronized List<Long> pendingDelaysNanos()
    {
        return tasks.stream().map(task -> task.delayNanos).sorted().toList();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit)
    {
        Task task = new Task(command, unit.toNanos(delay), sequence++);
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
        private final long sequence;
        private boolean cancelled;

        Task(Runnable command, long delayNanos, long sequence)
        {
            this.command = command;
            this.delayNanos = delayNanos;
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
