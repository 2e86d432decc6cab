package io.marketpipe.binance;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;

import static java.util.Objects.requireNonNull;

/**
 * Publishes the connector's {@link SourceStatus} events.
 */
final class BinanceStatus
{
    private final String source;
    private final String market;
    private final EventSink sink;
    private final MarketClock clock;

    BinanceStatus(String source, BinanceMarket market, EventSink sink, MarketClock clock)
    {
        this.source = requireNonNull(source, "source is null");
        this.market = requireNonNull(market, "market is null").configName();
        this.sink = requireNonNull(sink, "sink is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param instrument the instrument concerned, or null for a whole connection
     */
    void report(SourceStatus.Kind kind, Instrument instrument, String reason)
    {
        sink.accept(new SourceStatus(source, BinanceSymbols.VENUE, market, instrument, 0, clock.nowNanos(), kind, reason));
    }
}
