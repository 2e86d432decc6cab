package io.marketpipe.core.internal.store;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Keeps the latest events of each series in a bounded buffer, oldest evicted first. A series is
 * one instrument and event type; candles are kept per instrument, interval and source, indicator
 * values per instrument and name, status events per source and instrument. Raw book messages are
 * not kept (the verified {@code book} events are).
 *
 * <p>Like a persistent store it keeps an event once: a trade by its venue id, a funding rate by
 * its time, and a candle by its start, where a later version (final over open, a higher revision)
 * replaces the earlier one. Written from the runtime's consumer thread, queried from any thread.
 */
final class MemoryStore
        implements Store, StoreQueries
{
    private final Map<String, Integer> capacities;
    private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();

    /**
     * @param capacities events kept per series, by event type; a type that is absent or 0 is not kept
     */
    MemoryStore(Map<String, Integer> capacities)
    {
        this.capacities = Map.copyOf(capacities);
    }

    /**
     * One series: the event type, the instrument (null only for a status about a whole
     * connection), and what else tells series of that type apart (candle interval and source,
     * indicator name, status source).
     */
    private record SeriesKey(String type, Instrument instrument, String variant) {}

    @Override
    public void write(List<MarketEvent> batch)
    {
        for (MarketEvent event : batch) {
            int capacity = capacities.getOrDefault(event.type(), 0);
            if (capacity > 0) {
                series.computeIfAbsent(key(event), key -> new Series(capacity)).add(event);
            }
        }
    }

    private static SeriesKey key(MarketEvent event)
    {
        String variant = "";
        if (event instanceof Candle candle) {
            variant = candle.interval().label() + " " + candle.source().wireName();
        }
        else if (event instanceof IndicatorValue indicator) {
            variant = indicator.name();
        }
        else if (event instanceof SourceStatus status) {
            variant = status.source();
        }
        return new SeriesKey(event.type(), event.instrument(), variant);
    }

    @Override
    public Optional<StoreQueries> queries()
    {
        return Optional.of(this);
    }

    @Override
    public List<Trade> trades(StoreQuery query)
    {
        return select(query, "trade", key -> true, Trade.class, Comparator.comparingLong(Trade::timestampMillis));
    }

    @Override
    public List<Candle> candles(StoreQuery query)
    {
        Predicate<SeriesKey> interval = key -> query.interval() == null || key.variant().startsWith(query.interval().label() + " ");
        Comparator<Candle> order = Comparator.comparingLong(Candle::openTimeMillis)
                .thenComparing(Candle::interval)
                .thenComparing(Candle::source);
        return select(query, "candle", interval, Candle.class, order);
    }

    @Override
    public List<FundingRate> funding(StoreQuery query)
    {
        return select(query, "funding", key -> true, FundingRate.class, Comparator.comparingLong(FundingRate::timestampMillis));
    }

    /**
     * @return the events of every matching series in the query's range, ordered (stable, so a
     *         series keeps its arrival order on ties), the oldest {@code limit}
     */
    private <E extends MarketEvent> List<E> select(StoreQuery query, String type, Predicate<SeriesKey> filter, Class<E> eventClass, Comparator<E> order)
    {
        List<E> matching = new ArrayList<>();
        for (Map.Entry<SeriesKey, Series> entry : series.entrySet()) {
            SeriesKey key = entry.getKey();
            if (key.type().equals(type) && matches(key.instrument(), query) && filter.test(key)) {
                for (MarketEvent event : entry.getValue().snapshot()) {
                    E typed = eventClass.cast(event);
                    long time = typed instanceof Candle candle ? candle.openTimeMillis() : typed.timestampMillis();
                    if (time >= query.fromMillis() && time < query.toMillis()) {
                        matching.add(typed);
                    }
                }
            }
        }
        matching.sort(order);
        return matching.size() <= query.limit() ? matching : List.copyOf(matching.subList(0, query.limit()));
    }

    private static boolean matches(Instrument instrument, StoreQuery query)
    {
        return instrument != null
                && instrument.venue().equals(query.venue().toLowerCase(Locale.ROOT))
                && (query.market() == null || instrument.market().equals(query.market().toLowerCase(Locale.ROOT)))
                && (instrument.symbol().equals(query.symbol()) || instrument.nativeSymbol().equals(query.symbol()));
    }

    /**
     * Keeps what was written readable after the pipeline closes, so a host can replay a capture
     * and then query the result; the memory goes when the store does.
     */
    @Override
    public void close()
    {
    }

    /**
     * The bounded buffer of one series, in arrival order, keyed so that an event written twice is
     * kept once.
     */
    private static final class Series
    {
        private final LinkedHashMap<Object, MarketEvent> events;
        private long sequence;

        Series(int capacity)
        {
            this.events = new LinkedHashMap<>(Math.min(capacity, 1024) * 2)
            {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, MarketEvent> eldest)
                {
                    return size() > capacity;
                }
            };
        }

        synchronized void add(MarketEvent event)
        {
            if (event instanceof Trade trade) {
                events.putIfAbsent(trade.tradeId(), trade);
            }
            else if (event instanceof FundingRate funding) {
                events.putIfAbsent(funding.timestampMillis(), funding);
            }
            else if (event instanceof Candle candle) {
                // replacing keeps the candle's place in arrival order, so eviction stays oldest first
                events.merge(candle.openTimeMillis(), candle, (stored, update) -> newer((Candle) update, (Candle) stored) ? update : stored);
            }
            else {
                events.put(sequence++, event);
            }
        }

        synchronized List<MarketEvent> snapshot()
        {
            return List.copyOf(events.values());
        }

        private static boolean newer(Candle update, Candle stored)
        {
            if (update.closed() != stored.closed()) {
                return update.closed();
            }
            return update.revision() >= stored.revision();
        }
    }
}
