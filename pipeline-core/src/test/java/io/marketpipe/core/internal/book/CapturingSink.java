package io.marketpipe.core.internal.book;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every published event, in order.
 */
final class CapturingSink
        implements EventSink
{
    private final List<MarketEvent> events = new ArrayList<>();

    @Override
    public void accept(MarketEvent event)
    {
        events.add(event);
    }

    List<MarketEvent> events()
    {
        return events;
    }

    List<BookDepth> depths()
    {
        return events.stream().filter(BookDepth.class::isInstance).map(BookDepth.class::cast).toList();
    }

    List<SourceStatus> statuses()
    {
        return events.stream().filter(SourceStatus.class::isInstance).map(SourceStatus.class::cast).toList();
    }

    BookDepth lastDepth()
    {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof BookDepth depth) {
                return depth;
            }
        }
        throw new AssertionError("no depth published; events: " + events);
    }

    void clear()
    {
        events.clear();
    }
}
