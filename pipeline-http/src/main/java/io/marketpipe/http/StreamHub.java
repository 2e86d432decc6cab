package io.marketpipe.http;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Hands every event of the pipeline to each stream subscriber without waiting on any of them.
 * Counts, under {@code http.stream}, the subscribers, the events and bytes written, and the
 * disconnects by reason.
 */
final class StreamHub
{
    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    private final HttpSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Metrics metrics;
    private final List<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Metrics.Counter bytes;
    private final Metrics.Counter subscribed;

    StreamHub(HttpSettings settings, ScheduledExecutorService scheduler, Metrics metrics)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.bytes = metrics.counter("http.stream.bytes");
        this.subscribed = metrics.counter("http.stream.subscribed");
        metrics.gauge("http.stream.subscribers", subscribers::size);
    }

    /**
     * @return the new subscriber, or empty when {@code max-subscribers} are already streaming
     */
    java.util.Optional<StreamSubscriber> subscribe(StreamFilter filter, Response response, Callback exchange)
    {
        if (subscribers.size() >= settings.maxSubscribers()) {
            return java.util.Optional.empty();
        }
        StreamSubscriber subscriber = new StreamSubscriber(ids.incrementAndGet(), filter, response, exchange, this, settings.maxPending(), settings.heartbeat().toNanos());
        subscribers.add(subscriber);
        subscribed.inc();
        subscriber.schedule(scheduler);
        return java.util.Optional.of(subscriber);
    }

    void publish(MarketEvent event)
    {
        for (StreamSubscriber subscriber : subscribers) {
            subscriber.offer(event);
        }
    }

    ScheduledExecutorService scheduler()
    {
        return scheduler;
    }

    long closeGraceNanos()
    {
        return settings.closeGrace().toNanos();
    }

    void written(int count)
    {
        bytes.inc(count);
    }

    void disconnected(StreamSubscriber subscriber, String kind, String reason)
    {
        metrics.counter("http.stream.disconnects." + kind).inc();
        if (!"shutdown".equals(kind)) {
            log.warn("Stream subscriber {} disconnected: {}", subscriber.id(), reason);
        }
    }

    void removed(StreamSubscriber subscriber)
    {
        subscribers.remove(subscriber);
    }

    List<StreamSubscriber> subscribers()
    {
        return List.copyOf(subscribers);
    }

    void close()
    {
        for (StreamSubscriber subscriber : subscribers) {
            subscriber.disconnect("shutdown", "the server is stopping");
        }
    }
}
