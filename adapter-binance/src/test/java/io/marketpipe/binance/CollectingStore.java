package io.marketpipe.binance;

import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A store that keeps every event it is given, found by the test under its instance name. After
 * {@code stallAfter} events its next write stalls for {@code stallFor}, once, as a database
 * that locks up for a while does.
 */
final class CollectingStore
        implements Store
{
    private static final Map<String, CollectingStore> STORES = new ConcurrentHashMap<>();

    private final long stallAfter;
    private final Duration stallFor;
    private final List<MarketEvent> events = new ArrayList<>();
    private volatile boolean stalling;
    private volatile boolean stalled;
    private volatile int flushes;
    private volatile boolean closed;
    private final CountDownLatch released = new CountDownLatch(1);

    private CollectingStore(long stallAfter, Duration stallFor)
    {
        this.stallAfter = stallAfter;
        this.stallFor = stallFor;
    }

    static CollectingStore create(String name, long stallAfter, Duration stallFor)
    {
        CollectingStore store = new CollectingStore(stallAfter, stallFor);
        STORES.put(name, store);
        return store;
    }

    /**
     * @return the store the pipeline created under that name
     */
    static CollectingStore named(String name)
    {
        CollectingStore store = STORES.get(name);
        if (store == null) {
            throw new AssertionError("no collecting store named " + name);
        }
        return store;
    }

    @Override
    public void write(List<MarketEvent> batch)
            throws InterruptedIOException
    {
        if (stallAfter > 0 && !stalled && size() >= stallAfter) {
            stalled = true;
            stalling = true;
            try {
                released.await(stallFor.toNanos(), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped while stalled");
            }
            finally {
                stalling = false;
            }
        }
        synchronized (events) {
            events.addAll(batch);
        }
    }

    @Override
    public void flush()
    {
        flushes++;
    }

    @Override
    public void close()
    {
        closed = true;
    }

    List<MarketEvent> events()
    {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * @return how many times each trade was stored, by {@code nativeSymbol:tradeId}
     */
    Map<String, Integer> tradeCounts()
    {
        Map<String, Integer> trades = new HashMap<>();
        for (MarketEvent event : events()) {
            if (event instanceof Trade trade) {
                trades.merge(trade.instrument().nativeSymbol() + ":" + trade.tradeId(), 1, Integer::sum);
            }
        }
        return trades;
    }

    int size()
    {
        synchronized (events) {
            return events.size();
        }
    }

    /**
     * Ends the stall now, before {@code stall-for} has passed.
     */
    void release()
    {
        released.countDown();
    }

    /**
     * @return whether a write is stalling now
     */
    boolean stalling()
    {
        return stalling;
    }

    boolean stalled()
    {
        return stalled;
    }

    int flushes()
    {
        return flushes;
    }

    boolean closed()
    {
        return closed;
    }
}
