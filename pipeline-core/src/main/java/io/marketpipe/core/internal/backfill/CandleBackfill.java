package io.marketpipe.core.internal.backfill;

import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.internal.runtime.ConnectorInstance;
import io.marketpipe.core.internal.runtime.PipelineRuntime;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Downloads a venue's candle history into the pipeline's stores.
 *
 * <p>Resumable: the candles the first queryable store already holds (final venue candles) are
 * not fetched again, so a run that was interrupted continues where it stopped, and a repeated
 * run costs no requests. Pages are fetched newest first through the connector's
 * {@link HistoricalCandles}, on its rate-limited REST transport, and published through the
 * connector's own sink, so they are validated and counted like live events and reach every store.
 * A candle fills the interval slot (aligned to the epoch) it opens in, so venues whose sessions
 * open off the UTC grid (an equity's day bar at the exchange's opening time) are tracked too.
 */
public final class CandleBackfill
{
    /** Candles asked for per request; venues cap it at their own page size. */
    static final int PAGE = 1000;

    private final PipelineRuntime runtime;

    public CandleBackfill(PipelineRuntime runtime)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /**
     * Fetches the final candles of {@code [fromMillis, toMillis)} that the stores lack and publishes
     * them. The runtime's consumers must be started ({@link PipelineRuntime#startConsumers()}); close
     * the runtime afterwards to flush the stores.
     *
     * @param connectorName the connector instance whose venue to ask
     * @param symbol the instrument, canonical ({@code BTC/USDT}) or native ({@code BTCUSDT})
     */
    public MarketPipe.BackfillResult run(String connectorName, String symbol, CandleInterval interval, long fromMillis, long toMillis, MarketPipe.BackfillProgress progress)
            throws IOException
    {
        ConnectorInstance instance = runtime.connectors().stream()
                .filter(candidate -> candidate.name().equals(connectorName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no connector named " + connectorName));
        Connector connector = instance.connector();
        HistoricalCandles history = connector.candleHistory()
                .orElseThrow(() -> new IllegalArgumentException("connector " + connectorName + " (" + instance.type() + ") cannot fetch candle history"));
        Instrument instrument = connector.instruments().stream()
                .filter(candidate -> candidate.symbol().equals(symbol) || candidate.nativeSymbol().equals(symbol))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("connector " + connectorName + " does not collect " + symbol
                        + "; it collects " + connector.instruments().stream().map(Instrument::symbol).collect(Collectors.joining(", "))));

        long first = interval.openTime(fromMillis) < fromMillis ? interval.openTime(fromMillis) + interval.millis() : interval.openTime(fromMillis);
        TreeSet<Long> missing = new TreeSet<>();
        for (long open = first; open + interval.millis() <= toMillis; open += interval.millis()) {
            missing.add(open);
        }
        missing.removeAll(stored(instrument, interval, fromMillis, toMillis));
        long total = missing.size();
        long written = 0;
        long requests = 0;
        progress.onProgress(0, total);
        while (!missing.isEmpty()) {
            long end = missing.last() + interval.millis();
            List<Candle> page = fetch(history, instrument, interval, end);
            requests++;
            long earliest = end;
            for (Candle candle : page) {
                earliest = Math.min(earliest, candle.openTimeMillis());
                if (candle.closed() && missing.remove(interval.openTime(candle.openTimeMillis()))) {
                    instance.sink().accept(candle);
                    written++;
                }
            }
            progress.onProgress(written, total);
            if (page.isEmpty() || earliest >= end) {
                break;
            }
            // the venue has nothing older than this page for the rest: stop once we are past it
            missing.tailSet(earliest, true).clear();
        }
        return new MarketPipe.BackfillResult(total, written, requests);
    }

    private Set<Long> stored(Instrument instrument, CandleInterval interval, long fromMillis, long toMillis)
            throws IOException
    {
        Optional<StoreQueries> queries = runtime.queries();
        Set<Long> stored = new HashSet<>();
        if (queries.isEmpty()) {
            return stored;
        }
        int expected = (int) Math.min(Integer.MAX_VALUE - 1, (toMillis - fromMillis) / interval.millis() + 1);
        StoreQuery query = new StoreQuery(instrument.venue(), instrument.market(), instrument.symbol(), interval, fromMillis, toMillis, expected);
        for (Candle candle : queries.get().candles(query)) {
            if (candle.source() == CandleSource.VENUE && candle.closed()) {
                stored.add(interval.openTime(candle.openTimeMillis()));
            }
        }
        return stored;
    }

    private static List<Candle> fetch(HistoricalCandles history, Instrument instrument, CandleInterval interval, long endMillis)
            throws IOException
    {
        try {
            return history.candles(instrument, interval, endMillis, PAGE).join();
        }
        catch (CompletionException e) {
            throw new IOException("fetching " + interval.label() + " candles of " + instrument.symbol() + " before " + endMillis + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
