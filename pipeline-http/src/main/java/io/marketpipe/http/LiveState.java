package io.marketpipe.http;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest event of each kind per instrument and venue, and the latest status per source, kept
 * from the event stream for the JSON views. Bounded by the instruments the pipeline publishes.
 */
final class LiveState
{
    private final Map<Instrument, Latest> latest = new ConcurrentHashMap<>();
    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();

    void observe(MarketEvent event)
    {
        if (event instanceof SourceStatus status) {
            if (status.instrument() == null) {
                statuses.put(status.source(), status);
            }
            return;
        }
        Instrument instrument = event.instrument();
        if (instrument == null) {
            return;
        }
        Latest entry = latest.computeIfAbsent(instrument, key -> new Latest());
        switch (event.type()) {
            case "trade" -> entry.trade = event;
            case "quote" -> entry.quote = event;
            case "ticker" -> entry.ticker = event;
            case "book" -> entry.book = event;
            default -> {
                return;
            }
        }
        entry.updatedNanos = event.receivedNanos();
    }

    /**
     * @return every instrument seen, by symbol then venue
     */
    List<Instrument> instruments()
    {
        List<Instrument> instruments = new ArrayList<>(latest.keySet());
        instruments.sort(Comparator.comparing(Instrument::symbol).thenComparing(Instrument::venue).thenComparing(Instrument::market));
        return instruments;
    }

    Optional<Latest> latest(Instrument instrument)
    {
        return Optional.ofNullable(latest.get(instrument));
    }

    /**
     * @return the latest status about a whole connection, per source
     */
    Map<String, SourceStatus> connectionStatuses()
    {
        return Map.copyOf(statuses);
    }

    /**
     * The latest events of one instrument on one venue; fields are replaced whole, so a reader
     * sees each one consistent.
     */
    static final class Latest
    {
        volatile MarketEvent trade;
        volatile MarketEvent quote;
        volatile MarketEvent ticker;
        volatile MarketEvent book;
        volatile long updatedNanos;
    }
}
