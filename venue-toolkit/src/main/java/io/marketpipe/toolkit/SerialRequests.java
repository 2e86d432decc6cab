package io.marketpipe.toolkit;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Sends REST requests for many symbols one at a time, in the order they were asked for, so that
 * the resyncs or backfills of a mass reconnect never burst against the venue's weight limit.
 *
 * <p>Not thread-safe: its owner calls it under the owner's own lock, and calls {@link #completed()}
 * once it has handled the answer to the request in flight. A transport that answers inside the
 * send (replay) completes requests recursively; the guard turns that recursion into a loop.
 */
public final class SerialRequests<T>
{
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final Consumer<T> send;
    private final BooleanSupplier closed;
    private boolean requesting;
    private boolean pumping;

    /**
     * @param send starts the request for an item; its completion must end in {@link #completed()}
     * @param closed whether the owner has stopped, after which nothing more is sent
     */
    public SerialRequests(Consumer<T> send, BooleanSupplier closed)
    {
        this.send = requireNonNull(send, "send is null");
        this.closed = requireNonNull(closed, "closed is null");
    }

    public void add(T item)
    {
        queue.addLast(item);
        pump();
    }

    public void remove(T item)
    {
        queue.remove(item);
    }

    /**
     * The answer to the request in flight was handled; sends the next one.
     */
    public void completed()
    {
        requesting = false;
        pump();
    }

    private void pump()
    {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!closed.getAsBoolean() && !requesting && !queue.isEmpty()) {
                requesting = true;
                send.accept(queue.pollFirst());
            }
        }
        finally {
            pumping = false;
        }
    }
}
