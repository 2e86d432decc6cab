package io.marketpipe.core.internal.transport;

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
 * A scheduler driven by a {@link ManualClock}: tasks run only when the test calls
 * {@link #runDue()}, on the test's thread.
 */
final class ManualScheduler
        extends AbstractExecutorService
        implements ScheduledExecutorService
{
    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    ManualScheduler(ManualClock clock)
    {
        this.clock = clock;
    }

    /**
     * Runs every task that is due by the clock, including tasks they schedule that are due too.
     *
     * @return how many tasks ran
     */
    int runDue()
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
     * @return the delays, from now, of the tasks waiting to run
     */
    synchronized List<Long> pendingDelaysNanos()
    {
        List<Long> delays = new ArrayList<>();
        for (Task task : tasks) {
            delays.add(task.dueNanos - clock.getAsLong());
        }
        delays.sort(null);
        return delays;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit)
    {
        Task task = new Task(command, clock.getAsLong() + unit.toNanos(delay), sequence++);
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
    public void shutdown()
    {
    }

    @Override
    public List<Runnable> shutdownNow()
    {
        return List.of();
    }

    @Override
    public boolean isShutdown()
    {
        return false;
    }

    @Override
    public boolean isTerminated()
    {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit)
    {
        return false;
    }

    private final class Task
            implements ScheduledFuture<Object>
    {
        private final Runnable command;
        private final long dueNanos;
        private final long sequence;

        Task(Runnable command, long dueNanos, long sequence)
        {
            this.command = command;
            this.dueNanos = dueNanos;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(TimeUnit unit)
        {
            return unit.convert(dueNanos - clock.getAsLong(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other)
        {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning)
        {
            synchronized (ManualScheduler.this) {
                return tasks.remove(this);
            }
        }

        @Override
        public boolean isCancelled()
        {
            return false;
        }

        @Override
        public boolean isDone()
        {
            return false;
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
