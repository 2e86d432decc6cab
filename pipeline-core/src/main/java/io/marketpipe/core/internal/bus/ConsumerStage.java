package io.marketpipe.core.internal.bus;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.OverflowPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * One consumer of the event bus: a bounded buffer drained by its own thread in batches, so a
 * slow consumer never blocks the producers beyond its {@link OverflowPolicy}. Under
 * {@code BLOCK}, a consumer that stalls fills its buffer and then holds the producers back:
 * nothing is lost, however long the stall.
 *
 * <p>An idle stage waits in one of two ways. By default its thread sleeps until the next event
 * wakes it: the lowest latency, at the price of a wake-up each time the buffer runs dry. Given an
 * idle poll interval, it looks at its buffer at that interval instead, so that a publisher faster
 * than one wake-up per event (a replay at full speed) hands over hundreds of events per wake-up,
 * each waiting up to that interval.
 *
 * <p>{@link #close(long)} lets the buffer drain; what is still buffered when the stage has to be
 * stopped by force ({@link #abort()}, or a close that timed out) is counted in {@code lost} and
 * logged, never dropped silently.
 *
 * <p>Metrics under the stage's scope: {@code received}, {@code delivered}, {@code dropped},
 * {@code failed}, {@code lost} and the gauge {@code lag} (events waiting). Of the dropped events,
 * those offered after the stage began to close (published while the pipeline shuts down) are also
 * counted in {@code late}.
 */
public final class ConsumerStage
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(ConsumerStage.class);
    private static final MarketEvent END = new EndOfStream();
    // how long a stage stopped by force may take to notice
    private static final long ABORT_GRACE_MILLIS = 1_000;

    /**
     * Receives batches of events on the stage's thread.
     */
    @FunctionalInterface
    public interface BatchHandler
    {
        void handle(List<MarketEvent> batch)
                throws Exception;

        /**
         * Called on the stage's thread after the last batch, before the thread ends.
         */
        default void finish()
                throws Exception
        {
        }
    }

    private final String name;
    private final BlockingQueue<MarketEvent> queue;
    private final OverflowPolicy policy;
    private final int maxBatch;
    // 0: wait for the publisher's signal
    private final long idlePollNanos;
    private final BatchHandler handler;
    private final Metrics.Counter received;
    private final Metrics.Counter delivered;
    private final Metrics.Counter dropped;
    private final Metrics.Counter failed;
    private final Metrics.Counter lost;
    private final Metrics.Counter late;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile boolean aborted;
    private long lastDropWarning;
    // written and read on the stage's thread only
    private long lastFailureWarning;

    public ConsumerStage(String name, int capacity, OverflowPolicy policy, int maxBatch, BatchHandler handler, Metrics metrics)
    {
        this(name, capacity, policy, maxBatch, Duration.ZERO, handler, metrics);
    }

    /**
     * @param idlePoll how often an idle stage looks at its buffer; zero: it waits for the next event to wake it
     */
    public ConsumerStage(String name, int capacity, OverflowPolicy policy, int maxBatch, Duration idlePoll, BatchHandler handler, Metrics metrics)
    {
        this.name = requireNonNull(name, "name is null");
        if (idlePoll.isNegative()) {
            throw new IllegalArgumentException("idle poll interval is negative: " + idlePoll);
        }
        this.idlePollNanos = idlePoll.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.policy = requireNonNull(policy, "policy is null");
        this.maxBatch = maxBatch;
        this.handler = requireNonNull(handler, "handler is null");
        this.received = metrics.counter("received");
        this.delivered = metrics.counter("delivered");
        this.dropped = metrics.counter("dropped");
        this.failed = metrics.counter("failed");
        this.lost = metrics.counter("lost");
        this.late = metrics.counter("late");
        metrics.gauge("lag", queue::size);
        this.thread = new Thread(this::drain, "marketpipe-" + name);
        this.thread.setDaemon(true);
    }

    public String name()
    {
        return name;
    }

    public void start()
    {
        thread.start();
    }

    /**
     * Offers an event according to the overflow policy. Never throws for a full buffer.
     */
    public void offer(MarketEvent event)
    {
        // every event offered is received, then delivered, dropped, failed or lost
        received.inc();
        if (closing) {
            dropped.inc();
            late.inc();
            return;
        }
        switch (policy) {
            case BLOCK:
                try {
                    queue.put(event);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    drop();
                    return;
                }
                if (aborted && queue.remove(event)) {
                    // put while an abort drained the buffer: nobody will take it
                    lost.inc();
                }
                return;
            case DROP_OLDEST:
                while (!queue.offer(event)) {
                    if (queue.poll() != null) {
                        drop();
                    }
                }
                return;
            case DROP_NEWEST:
                if (!queue.offer(event)) {
                    drop();
                }
                return;
        }
    }

    private void drop()
    {
        dropped.inc();
        long now = System.nanoTime();
        if (now - lastDropWarning > TimeUnit.SECONDS.toNanos(10)) {
            lastDropWarning = now;
            log.warn("Consumer {} is falling behind: its buffer of {} is full, {} events dropped so far ({} policy)",
                    name, queue.remainingCapacity() + queue.size(), dropped.count(), policy.name().toLowerCase().replace('_', '-'));
        }
    }

    /**
     * @return events buffered and not yet handled
     */
    public int lag()
    {
        return queue.size();
    }

    public long droppedCount()
    {
        return dropped.count();
    }

    private void drain()
    {
        List<MarketEvent> batch = new ArrayList<>(maxBatch);
        try {
            boolean end = false;
            while (!end) {
                if (!fill(batch)) {
                    continue;
                }
                int last = batch.size() - 1;
                if (batch.get(last) == END) {
                    batch.remove(last);
                    end = true;
                }
                else if (batch.contains(END)) {
                    int index = batch.indexOf(END);
                    batch.subList(index, batch.size()).clear();
                    end = true;
                }
                if (!batch.isEmpty()) {
                    handle(batch);
                }
                batch.clear();
            }
            handler.finish();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception e) {
            log.error("Consumer {} failed to finish", name, e);
        }
        finally {
            finished.countDown();
        }
    }

    /**
     * @return false when the stage polls and found its buffer empty (having waited one interval)
     */
    private boolean fill(List<MarketEvent> batch)
            throws InterruptedException
    {
        if (idlePollNanos == 0) {
            batch.add(queue.take());
            queue.drainTo(batch, maxBatch - 1);
            return true;
        }
        if (queue.drainTo(batch, maxBatch) > 0) {
            return true;
        }
        LockSupport.parkNanos(this, idlePollNanos);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return false;
    }

    private void handle(List<MarketEvent> batch)
            throws InterruptedException
    {
        try {
            handler.handle(batch);
            delivered.inc(batch.size());
        }
        catch (InterruptedException e) {
            throw e;
        }
        catch (Exception e) {
            failed.inc(batch.size());
            long now = System.nanoTime();
            if (lastFailureWarning == 0 || now - lastFailureWarning > TimeUnit.SECONDS.toNanos(10)) {
                lastFailureWarning = now;
                log.warn("Consumer {} failed on a batch of {} events ({} failed so far): {}", name, batch.size(), failed.count(), e.toString());
            }
        }
    }

    /**
     * Lets the stage deliver what is buffered, call its handler's {@code finish} and end its
     * thread. When that takes longer than the timeout, the stage is stopped by force
     * ({@link #abort()}).
     *
     * @param timeoutMillis how long to wait for the drain
     * @return true when the stage drained completely in time
     */
    public boolean close(long timeoutMillis)
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (!closing) {
            closing = true;
            if (thread.isAlive()) {
                try {
                    if (!queue.offer(END, timeoutMillis, TimeUnit.MILLISECONDS)) {
                        abort();
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    abort();
                }
            }
            else {
                finished.countDown();
            }
        }
        if (awaitFinished(deadline - System.nanoTime()) && !aborted) {
            return true;
        }
        abort();
        return false;
    }

    /**
     * Stops the stage at once, for a shutdown that cannot wait: its thread is interrupted (a
     * handler waiting or retrying gives up its batch) and whatever is still buffered is counted
     * in {@code lost}. Idempotent.
     *
     * @return whether the thread ended within a short grace period
     */
    public boolean abort()
    {
        closing = true;
        if (!aborted) {
            aborted = true;
            thread.interrupt();
        }
        boolean ended = awaitFinished(TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MILLIS));
        List<MarketEvent> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(END);
        if (!left.isEmpty()) {
            lost.inc(left.size());
            log.warn("Consumer {} was stopped before it received {} buffered events", name, left.size());
        }
        return ended;
    }

    private boolean awaitFinished(long nanos)
    {
        try {
            return finished.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close()
    {
        close(30_000);
    }

    private static final class EndOfStream
            implements MarketEvent
    {
        @Override
        public io.marketpipe.api.model.Instrument instrument()
        {
            return null;
        }

        @Override
        public long venueNanos()
        {
            return 0;
        }

        @Override
        public long receivedNanos()
        {
            return 0;
        }

        @Override
        public String type()
        {
            return "end";
        }
    }
}
