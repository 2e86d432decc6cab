package io.marketpipe.core.internal.bus;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.OverflowPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * Carries canonical events from connectors through the enricher chain to every consumer
 * (stores, in-process listeners, writers).
 *
 * <p>Connectors publish with {@link #accept}. With enrichers configured, events first pass a
 * single enricher stage (one thread, so every enricher sees each instrument's events in order
 * and from one thread); events an enricher emits go on to the enrichers after it. Each consumer
 * then receives every event, the source event before what was derived from it, through its own
 * bounded {@link ConsumerStage}.
 *
 * <p>Closing is a barrier: once {@link #close(long)} begins, an event published is turned away and
 * counted in {@code bus.late}, and the stages are ended only after every publication already under
 * way has reached every consumer (a publisher held back by a full {@code BLOCK} buffer finishes as
 * that consumer drains). So every consumer receives the same events, and each event either reaches
 * them all or is counted.
 */
public final class EventBus
        implements EventSink, AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private static final long PUBLISHING_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final List<NamedEnricher> enrichers;
    private final List<ConsumerStage> consumers = new CopyOnWriteArrayList<>();
    private final ConsumerStage enricherStage;
    private final Metrics metrics;
    private final Metrics.Counter published;
    private final Metrics.Counter late;
    private final Metrics.Counter enricherFailures;
    // publications under way; close waits for none before it ends the stages
    private final Publications publishing = new Publications();
    private volatile boolean closing;
    private final java.util.Map<String, Metrics.Counter> derivedCounters = new java.util.concurrent.ConcurrentHashMap<>();
    private final int defaultCapacity;
    private final OverflowPolicy defaultPolicy;
    private final Duration idlePoll;
    private volatile boolean started;
    private long lastEnricherWarning;

    /**
     * An enricher with the instance name used in logs and metrics.
     */
    public record NamedEnricher(String name, Enricher enricher)
    {
        public NamedEnricher
        {
            requireNonNull(name, "name is null");
            requireNonNull(enricher, "enricher is null");
        }
    }

    public EventBus(List<NamedEnricher> enrichers, int capacity, OverflowPolicy policy, Metrics metrics)
    {
        this(enrichers, capacity, policy, Duration.ZERO, metrics);
    }

    /**
     * @param idlePoll how often an idle consumer stage looks at its buffer; zero: it waits to be woken (see {@link ConsumerStage})
     */
    public EventBus(List<NamedEnricher> enrichers, int capacity, OverflowPolicy policy, Duration idlePoll, Metrics metrics)
    {
        this.idlePoll = requireNonNull(idlePoll, "idlePoll is null");
        this.enrichers = List.copyOf(enrichers);
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.defaultCapacity = capacity;
        this.defaultPolicy = requireNonNull(policy, "policy is null");
        this.published = metrics.counter("bus.published");
        this.late = metrics.counter("bus.late");
        this.enricherFailures = metrics.counter("bus.enricher-failures");
        this.enricherStage = this.enrichers.isEmpty()
                ? null
                : new ConsumerStage("enrichers", capacity, policy, 256, idlePoll, this::enrich, scoped(metrics, "bus.stage.enrichers"));
    }

    /**
     * Adds a consumer with the bus's default buffer size and overflow policy. Call before {@link #start()}.
     */
    public ConsumerStage subscribe(String name, ConsumerStage.BatchHandler handler, int maxBatch)
    {
        return subscribe(name, handler, maxBatch, defaultCapacity, defaultPolicy);
    }

    /**
     * Adds a consumer with its own buffer size and overflow policy. Call before {@link #start()}.
     */
    public ConsumerStage subscribe(String name, ConsumerStage.BatchHandler handler, int maxBatch, int capacity, OverflowPolicy policy)
    {
        if (started) {
            throw new IllegalStateException("subscribe before the bus starts: " + name);
        }
        ConsumerStage stage = new ConsumerStage(name, capacity, policy, maxBatch, idlePoll, handler, scoped(metrics, "bus.stage." + name));
        consumers.add(stage);
        return stage;
    }

    public void start()
    {
        started = true;
        consumers.forEach(ConsumerStage::start);
        if (enricherStage != null) {
            enricherStage.start();
        }
    }

    @Override
    public void accept(MarketEvent event)
    {
        // counted before closing is read, so that a close seeing no publication under way is
        // never followed by this one reaching some consumers only
        AtomicIntegerArray publication = publishing.begin();
        try {
            if (closing) {
                late.inc();
                return;
            }
            published.inc();
            if (enricherStage != null) {
                enricherStage.offer(event);
            }
            else {
                fanOut(event);
            }
        }
        finally {
            Publications.end(publication);
        }
    }

    private void fanOut(MarketEvent event)
    {
        for (ConsumerStage consumer : consumers) {
            consumer.offer(event);
        }
    }

    private void enrich(List<MarketEvent> batch)
    {
        for (MarketEvent event : batch) {
            process(event, 0);
        }
    }

    private void process(MarketEvent event, int firstEnricher)
    {
        List<Derived> derived = null;
        for (int i = firstEnricher; i < enrichers.size(); i++) {
            NamedEnricher named = enrichers.get(i);
            int next = i + 1;
            List<Derived> sink = derived == null ? (derived = new ArrayList<>(2)) : derived;
            try {
                named.enricher().onEvent(event, out -> {
                    requireNonNull(out, "emitted event is null");
                    derivedCounters.computeIfAbsent(out.type(), type -> metrics.counter("bus.derived.events." + type)).inc();
                    sink.add(new Derived(out, next));
                });
            }
            catch (RuntimeException e) {
                enricherFailures.inc();
                warnEnricherFailure(named.name(), e);
            }
        }
        fanOut(event);
        if (derived != null) {
            for (Derived item : derived) {
                process(item.event(), item.nextEnricher());
            }
        }
    }

    private void warnEnricherFailure(String name, RuntimeException e)
    {
        long now = System.nanoTime();
        if (now - lastEnricherWarning > TimeUnit.SECONDS.toNanos(10)) {
            lastEnricherWarning = now;
            log.warn("Enricher {} failed; the event still goes on ({} failures so far)", name, enricherFailures.count(), e);
        }
    }

    /**
     * @return the consumers in subscription order
     */
    public List<ConsumerStage> consumers()
    {
        return List.copyOf(consumers);
    }

    /**
     * Turns new events away, waits for the publications under way, then drains the enricher
     * stage and every consumer, all within the timeout; what is still buffered when it runs out
     * is counted as lost by its stage.
     *
     * @return true when everything buffered was delivered
     */
    public boolean close(long timeoutMillis)
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        closing = true;
        while (publishing.underWay() && deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(PUBLISHING_POLL_NANOS);
        }
        boolean drained = true;
        if (enricherStage != null) {
            drained = enricherStage.close(remainingMillis(deadline));
        }
        for (ConsumerStage consumer : consumers) {
            drained &= consumer.close(remainingMillis(deadline));
        }
        for (NamedEnricher named : enrichers) {
            try {
                named.enricher().close();
            }
            catch (RuntimeException e) {
                log.warn("Enricher {} failed to close", named.name(), e);
            }
        }
        return drained;
    }

    @Override
    public void close()
    {
        close(30_000);
    }

    /**
     * The publications under way, counted per publishing thread in a slot only that thread writes
     * and no other data shares a cache line with: beginning one costs a publisher one fence (it
     * must be visible before {@code closing} is read), ending one a plain store, and publishers
     * never contend. Slots of threads that ended are dropped when a new thread registers.
     */
    private static final class Publications
    {
        // ints on either side of a thread's count: a cache line or more
        private static final int SLOT = 16;

        private final List<Registered> registered = new CopyOnWriteArrayList<>();
        private final ThreadLocal<AtomicIntegerArray> mine = ThreadLocal.withInitial(this::register);

        private record Registered(WeakReference<Thread> thread, AtomicIntegerArray slot) {}

        AtomicIntegerArray begin()
        {
            AtomicIntegerArray slot = mine.get();
            // a volatile write: ordered before the read of closing that follows
            slot.set(SLOT, slot.getPlain(SLOT) + 1);
            return slot;
        }

        static void end(AtomicIntegerArray slot)
        {
            slot.setRelease(SLOT, slot.getPlain(SLOT) - 1);
        }

        boolean underWay()
        {
            for (Registered publisher : registered) {
                if (publisher.slot().get(SLOT) > 0) {
                    return true;
                }
            }
            return false;
        }

        private AtomicIntegerArray register()
        {
            // a thread that ended has no publication under way
            registered.removeIf(publisher -> {
                Thread thread = publisher.thread().get();
                return thread == null || !thread.isAlive();
            });
            AtomicIntegerArray slot = new AtomicIntegerArray(2 * SLOT + 1);
            registered.add(new Registered(new WeakReference<>(Thread.currentThread()), slot));
            return slot;
        }
    }

    private static long remainingMillis(long deadline)
    {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static Metrics scoped(Metrics metrics, String scope)
    {
        return new Metrics()
        {
            @Override
            public Counter counter(String name)
            {
                return metrics.counter(scope + "." + name);
            }

            @Override
            public void gauge(String name, java.util.function.LongSupplier value)
            {
                metrics.gauge(scope + "." + name, value);
            }

            @Override
            public Histogram histogram(String name)
            {
                return metrics.histogram(scope + "." + name);
            }
        };
    }

    private record Derived(MarketEvent event, int nextEnricher) {}
}
