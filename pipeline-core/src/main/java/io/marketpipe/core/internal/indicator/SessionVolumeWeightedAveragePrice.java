package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;

/**
 * The VWAP since the start of the session (UTC-aligned, one day by default): the sum of the
 * candles' quote volumes over the sum of their volumes, restarting with every session. No value
 * while the session has no volume.
 */
final class SessionVolumeWeightedAveragePrice
        implements CandleIndicator
{
    private final CandleInterval session;
    private long sessionStart = Long.MIN_VALUE;
    private double priceVolume;
    private double volume;
    private long sessionStartBefore = Long.MIN_VALUE;
    private double priceVolumeBefore;
    private double volumeBefore;

    SessionVolumeWeightedAveragePrice(CandleInterval session)
    {
        this.session = session;
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        if (replacesLast) {
            sessionStart = sessionStartBefore;
            priceVolume = priceVolumeBefore;
            volume = volumeBefore;
        }
        else {
            sessionStartBefore = sessionStart;
            priceVolumeBefore = priceVolume;
            volumeBefore = volume;
        }
        long start = session.openTime(candle.openTimeMillis());
        if (start != sessionStart) {
            sessionStart = start;
            priceVolume = 0;
            volume = 0;
        }
        priceVolume += CandleVolumes.priceVolume(candle);
        volume += candle.volume().doubleValue();
    }

    @Override
    public boolean ready()
    {
        return volume > 0;
    }

    @Override
    public double value()
    {
        return priceVolume / volume;
    }
}
