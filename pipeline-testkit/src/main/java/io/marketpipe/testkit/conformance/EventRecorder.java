package io.marketpipe.testkit.conformance;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.EventListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps what the conformance checks look at of a pipeline's events: trades, status events, the
 * instruments seen, and which books have been updated since their latest snapshot. Written by the pipeline's listener thread, read by the test.
 */
final class EventRecorder
        implements EventListener
{
    private final List<Trade> trades = new ArrayList<>();
    private final List<SourceStatus> statuses = new ArrayList<>();
    private final Set<Instrument> instruments = ConcurrentHashMap.newKeySet();
    private final Map<Instrument, Boolean> updatedSinceSnapshot = new ConcurrentHashMap<>();

    @Override
    public void onEvent(MarketEvent event)
    {
        if (event instanceof SourceStatus status) {
            synchronized (statuses) {
                statuses.add(status);
            }
            return;
        }
        if (event instanceof Trade trade) {
            synchronized (trades) {
                trades.add(trade);
            }
        }
        if (event instanceof BookDepth depth) {
            updatedSinceSnapshot.put(depth.instrument(), !depth.snapshot());
        }
        if (event.instrument() != null) {
            instruments.add(event.instrument());
        }
    }

    List<Trade> trades()
    {
        synchronized (trades) {
            return List.copyOf(trades);
        }
    }

    int tradeCount()
    {
        synchronized (trades) {
            return trades.size();
        }
    }

    List<SourceStatus> statuses()
    {
        synchronized (statuses) {
            return List.copyOf(statuses);
        }
    }

    /**
     * @return how many books had an update applied on top of their latest snapshot
     */
    long booksUpdatedSinceSnapshot()
    {
        return updatedSinceSnapshot.values().stream().filter(Boolean::booleanValue).count();
    }

    Set<Instrument> instruments()
    {
        return Set.copyOf(instruments);
    }
}
