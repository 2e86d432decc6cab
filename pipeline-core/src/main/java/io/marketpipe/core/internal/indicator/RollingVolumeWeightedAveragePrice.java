package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Decimal;

/**
 * The VWAP of the last {@code period} candles: the sum of their quote volumes over the sum of
 * their volumes. No value while the window has no volume.
 */
final class RollingVolumeWeightedAveragePrice
        implements CandleIndicator
{
    private final RollingWindow priceVolumes;
    // volumes are summed exactly, so a window of zero-volume candles is recognised as such
    private final Decimal[] volumes;
    private int oldest;
    private int size;
    private Decimal volume = Decimal.ZERO;

    RollingVolumeWeightedAveragePrice(int period)
    {
        this.priceVolumes = new RollingWindow(period);
        this.volumes = new Decimal[period];
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        priceVolumes.update(CandleVolumes.priceVolume(candle), replacesLast);
        if (replacesLast) {
            size--;
            volume = volume.subtract(volumes[(oldest + size) % volumes.length]);
        }
        if (size == volumes.length) {
            volume = volume.subtract(volumes[oldest]);
            oldest = (oldest + 1) % volumes.length;
            size--;
        }
        volumes[(oldest + size) % volumes.length] = candle.volume();
        size++;
        volume = volume.add(candle.volume());
    }

    @Override
    public boolean ready()
    {
        return size == volumes.length && volume.signum() > 0;
    }

    @Override
    public double value()
    {
        return priceVolumes.sum() / volume.doubleValue();
    }
}
