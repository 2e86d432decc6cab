package io.marketpipe.core.candle;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Instrument;

import java.util.List;
import java.util.Set;

/**
 * The recent final candles of every instrument, built from trades and taken from venues, as
 * kept under {@code marketpipe.candles.history}. Read-only; safe to call from any thread.
 */
public interface CandleView
{
    /**
     * @return every candle held for the instrument, interval and source, oldest first
     */
    List<Candle> recent(Instrument instrument, CandleInterval interval, CandleSource source);

    /**
     * @return the newest {@code limit} candles held for the instrument, interval and source, oldest first
     */
    List<Candle> recent(Instrument instrument, CandleInterval interval, CandleSource source, int limit);

    /**
     * @return the instruments with at least one candle held
     */
    Set<Instrument> instruments();
}
