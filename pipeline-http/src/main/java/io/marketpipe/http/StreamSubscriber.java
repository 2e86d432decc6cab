package io.marketpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.json.EventJson;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * One Server-Sent Events subscriber. Events are offered from the pipeline's listener thread and
 * never wait: trades, candles and the rest queue up (at most {@code maxPending}); books, quotes and
 * tickers wait in a map holding the latest per instrument and source, emptied once per throttle
 * interval. Writes are asynchronous, one at a time; what arrives meanwhile is sent with the next.
 * A subscriber whose queue overflows is disconnected: its queue is dropped, a last
 * {@code event: disconnect} names the reason, and if even that is not taken within the grace
 * period the connection is cut.
 */
final class StreamSubscriber
        extends IteratingCallback
{
    private static final JsonFactory JSON = new JsonFactory();
    // events per write: bounds the size of one write's buffer
    private static final int MAX_BATCH = 256;
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final long id;
    private final StreamFilter filter;
    private final Response response;
    private final Callback exchange;
    private final StreamHub hub;
    private final int maxPending;
    private final long heartbeatNanos;
    private final Object lock = new Object();
    private final AtomicBoolean finished = new AtomicBoolean();

    // guarded by lock
    private final ArrayDeque<MarketEvent> pending = new ArrayDeque<>();
    private final Map<String, MarketEvent> conflated = new LinkedHashMap<>();
    private boolean conflatedDue;
    // the first write, a comment, sends the response headers at once
    private boolean heartbeatDue = true;
    private long lastConflatedFlushNanos;
    private long lastWriteNanos;
    private String closeReason;
    private boolean closeWritten;
    private long delivered;
    private long conflatedAway;
    private ScheduledFuture<?> ticks;

    StreamSubscriber(long id, StreamFilter filter, Response response, Callback exchange, StreamHub hub, int maxPending, long heartbeatNanos)
    {
        this.id = id;
        this.filter = requireNonNull(filter, "filter is null");
        this.response = requireNonNull(response, "response is null");
        this.exchange = requireNonNull(exchange, "exchange is null");
        this.hub = requireNonNull(hub, "hub is null");
        this.maxPending = maxPending;
        this.heartbeatNanos = heartbeatNanos;
        this.lastWriteNanos = System.nanoTime();
        this.lastConflatedFlushNanos = lastWriteNanos;
    }

    long id()
    {
        return id;
    }

    StreamFilter filter()
    {
        return filter;
    }

    /**
     * Starts the clock that releases conflated events and heartbeats.
     */
    void schedule(ScheduledExecutorService scheduler)
    {
        long throttle = filter.throttle().toNanos();
        long period = throttle > 0 ? Math.min(throttle, heartbeatNanos) : heartbeatNanos;
        synchronized (lock) {
            ticks = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Takes an event without waiting; called by the hub for every event of the pipeline.
     */
    void offer(MarketEvent event)
    {
        if (!filter.accepts(event)) {
            return;
        }
        boolean immediate;
        synchronized (lock) {
            if (closeReason != null) {
                return;
            }
            Instrument instrument = event.instrument();
            if (instrument != null && StreamFilter.CONFLATED.contains(event.type())) {
                String key = event.type() + '|' + instrument.venue() + '|' + instrument.market() + '|' + instrument.symbol();
                if (conflated.put(key, event) != null) {
                    conflatedAway++;
                }
                else if (conflated.size() > maxPending) {
                    disconnect("slow", "more than " + maxPending + " instruments waiting");
                }
                immediate = filter.throttle().isZero();
            }
            else if (pending.size() >= maxPending) {
                disconnect("slow", "the subscriber fell " + maxPending + " events behind");
                immediate = true;
            }
            else {
                pending.add(event);
                immediate = true;
            }
        }
        if (immediate) {
            iterate();
        }
    }

    private void tick()
    {
        long now = System.nanoTime();
        synchronized (lock) {
            if (now - lastConflatedFlushNanos >= filter.throttle().toNanos() && !conflated.isEmpty()) {
                conflatedDue = true;
            }
            if (now - lastWriteNanos >= heartbeatNanos) {
                heartbeatDue = true;
            }
        }
        iterate();
    }

    /**
     * Ends the stream with a last message naming the reason; the pending events are dropped.
     *
     * @param kind a short label counted in metrics ({@code slow}, {@code shutdown})
     */
    void disconnect(String kind, String reason)
    {
        synchronized (lock) {
            if (closeReason != null) {
                return;
            }
            closeReason = reason;
            pending.clear();
            conflated.clear();
        }
        hub.disconnected(this, kind, reason);
        try {
            hub.scheduler().schedule(() -> cutOff(reason), hub.closeGraceNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException stopping) {
            // the server is stopping: no grace
            cutOff(reason);
            return;
        }
        iterate();
    }

    private void cutOff(String reason)
    {
        // failing the exchange closes the connection, which fails the write still pending
        finish(new IOException("stream disconnected: " + reason));
    }

    @Override
    protected Action process()
    {
        byte[] bytes;
        boolean last = false;
        synchronized (lock) {
            if (closeReason != null) {
                if (closeWritten) {
                    return Action.SUCCEEDED;
                }
                closeWritten = true;
                last = true;
                bytes = disconnectMessage(closeReason);
            }
            else {
                List<MarketEvent> batch = new ArrayList<>();
                while (batch.size() < MAX_BATCH && !pending.isEmpty()) {
                    batch.add(pending.poll());
                }
                if ((conflatedDue || filter.throttle().isZero()) && batch.size() < MAX_BATCH) {
                    batch.addAll(conflated.values());
                    conflated.clear();
                    conflatedDue = false;
                    lastConflatedFlushNanos = System.nanoTime();
                }
                if (batch.isEmpty()) {
                    if (!heartbeatDue) {
                        return Action.IDLE;
                    }
                    bytes = HEARTBEAT;
                }
                else {
                    delivered += batch.size();
                    bytes = encode(batch);
                }
                heartbeatDue = false;
                lastWriteNanos = System.nanoTime();
            }
        }
        hub.written(bytes.length);
        response.write(last, ByteBuffer.wrap(bytes), this);
        return Action.SCHEDULED;
    }

    private static byte[] encode(List<MarketEvent> batch)
    {
        StringBuilder out = new StringBuilder(batch.size() * 200);
        for (MarketEvent event : batch) {
            out.append("data: ").append(EventJson.toJson(event)).append("\n\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] disconnectMessage(String reason)
    {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("reason", reason);
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ("event: disconnect\ndata: " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void onCompleteSuccess()
    {
        finish(null);
    }

    @Override
    protected void onCompleteFailure(Throwable cause)
    {
        finish(cause);
    }

    private void finish(Throwable cause)
    {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            if (ticks != null) {
                ticks.cancel(false);
            }
            pending.clear();
            conflated.clear();
        }
        hub.removed(this);
        if (cause == null) {
            exchange.succeeded();
        }
        else {
            exchange.failed(cause);
        }
    }

    /**
     * @return events written so far, and those replaced by a later one of their instrument
     */
    Counts counts()
    {
        synchronized (lock) {
            return new Counts(delivered, conflatedAway, pending.size() + conflated.size());
        }
    }

    record Counts(long delivered, long conflated, int waiting) {}
}
