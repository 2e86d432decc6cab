package io.marketpipe.core.internal.candle;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.Trade;

import java.math.RoundingMode;

/**
 * The candle of one interval as its trades arrive. Open and close follow trade time, not arrival:
 * a late trade older than the current open becomes the open, one at or after the current close
 * becomes the close. Sums are exact.
 */
final class CandleAccumulator
{
    // VWAP is a quotient: kept to this many more decimals than the most precise trade price
    static final int VWAP_EXTRA_DECIMALS = 4;

    private final long start;
    private Decimal open;
    private Decimal high;
    private Decimal low;
    private Decimal close;
    private Decimal volume = Decimal.ZERO;
    private Decimal quoteVolume = Decimal.ZERO;
    private Decimal buyVolume = Decimal.ZERO;
    private Decimal sellVolume = Decimal.ZERO;
    private long trades;
    private int priceScale;
    private long firstNanos;
    private long lastNanos;
    private int revision;
    private boolean emittedFinal;

    private CandleAccumulator(long start, Decimal carried)
    {
        this.start = start;
        this.open = carried;
        this.high = carried;
        this.low = carried;
        this.close = carried;
    }

    static CandleAccumulator empty(long start)
    {
        return new CandleAccumulator(start, null);
    }

    /**
     * @return an interval without trades so far, priced at the previous close
     */
    static CandleAccumulator carried(long start, Decimal previousClose)
    {
        return new CandleAccumulator(start, previousClose);
    }

    /**
     * @param tradeNanos the trade's time (venue time, or receive time when the venue sent none)
     */
    void add(Trade trade, long tradeNanos)
    {
        Decimal price = trade.price();
        if (trades == 0) {
            open = price;
            high = price;
            low = price;
            close = price;
            firstNanos = tradeNanos;
            lastNanos = tradeNanos;
        }
        else {
            if (tradeNanos < firstNanos) {
                open = price;
                firstNanos = tradeNanos;
            }
            if (tradeNanos >= lastNanos) {
                close = price;
                lastNanos = tradeNanos;
            }
            high = high.max(price);
            low = low.min(price);
        }
        Decimal size = trade.size();
        volume = volume.add(size);
        quoteVolume = quoteVolume.add(price.multiply(size));
        switch (trade.side()) {
            case BUY -> buyVolume = buyVolume.add(size);
            case SELL -> sellVolume = sellVolume.add(size);
            case UNKNOWN -> { }
        }
        trades++;
        priceScale = Math.max(priceScale, price.scale());
    }

    long start()
    {
        return start;
    }

    long trades()
    {
        return trades;
    }

    /**
     * @return the close, or null for an interval with neither trades nor a carried price
     */
    Decimal close()
    {
        return close;
    }

    /**
     * Marks the candle as emitted final once more: the first time it is revision 0, every later
     * time (a late trade amended it) the revision goes up by one.
     */
    void markFinal()
    {
        if (emittedFinal) {
            revision++;
        }
        emittedFinal = true;
    }

    /**
     * @param receivedNanos the receive time of what caused the emission (a trade, the clock)
     * @return the candle; its venue time is that of its latest trade, or its start when it has none
     */
    Candle toCandle(Instrument instrument, CandleInterval interval, long receivedNanos, boolean closed)
    {
        long venueNanos = trades > 0 ? lastNanos : start * 1_000_000L;
        return new Candle(instrument, venueNanos, receivedNanos, interval, start, open, high, low, close, volume, quoteVolume, trades,
                vwap(), buyVolume, sellVolume, CandleSource.BUILT, closed, closed ? revision : 0);
    }

    private Decimal vwap()
    {
        if (volume.isZero()) {
            return null;
        }
        return Decimal.valueOf(quoteVolume.toBigDecimal().divide(volume.toBigDecimal(), priceScale + VWAP_EXTRA_DECIMALS, RoundingMode.HALF_EVEN));
    }
}
