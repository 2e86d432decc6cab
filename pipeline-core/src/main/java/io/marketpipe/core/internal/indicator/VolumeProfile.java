package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Decimal;

import java.util.Map;
import java.util.TreeMap;

/**
 * A volume profile over the last {@code period} candles. Each candle's volume goes to the price
 * row of its typical price {@code (high + low + close) / 3}; rows are {@code rowSize} wide,
 * {@code floor(price / rowSize)} numbers them. The value is the point of control, the middle of
 * the row with the most volume (the lowest such row on a tie). The value area starts at that row
 * and repeatedly takes the next row holding volume above or below it, whichever holds more (above
 * on a tie), until it holds {@code valueArea} of the volume; the components
 * {@code value_area_high} and {@code value_area_low} are its outer row edges.
 *
 * <p>Row volumes are exact. Adding a candle costs O(log rows); reading the profile, once per
 * candle, costs O(rows), and there are at most {@code period} rows. A row size of zero means
 * automatic: the largest of 1, 2 or 5 times a power of ten not above 0.1% of the first close.
 */
final class VolumeProfile
        implements CandleIndicator
{
    private final Decimal valueArea;
    private final double configuredRowSize;
    private final long[] windowRows;
    private final Decimal[] windowVolumes;
    private final TreeMap<Long, Decimal> rows = new TreeMap<>();
    private int oldest;
    private int size;
    private double rowSize;
    private Decimal total = Decimal.ZERO;
    private double pointOfControl;
    private double valueAreaHigh;
    private double valueAreaLow;

    /**
     * @param valueArea the share of volume in the value area, e.g. 0.7
     * @param rowSize the row width; 0 for automatic
     */
    VolumeProfile(int period, Decimal valueArea, double rowSize)
    {
        this.valueArea = valueArea;
        this.configuredRowSize = rowSize;
        this.windowRows = new long[period];
        this.windowVolumes = new Decimal[period];
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        if (replacesLast) {
            size--;
            remove((oldest + size) % windowRows.length);
        }
        if (size == 0) {
            rowSize = configuredRowSize > 0 ? configuredRowSize : automaticRowSize(candle.close().doubleValue());
        }
        if (size == windowRows.length) {
            remove(oldest);
            oldest = (oldest + 1) % windowRows.length;
            size--;
        }
        int slot = (oldest + size) % windowRows.length;
        windowRows[slot] = (long) Math.floor(CandleVolumes.typicalPrice(candle) / rowSize);
        windowVolumes[slot] = candle.volume();
        size++;
        if (!candle.volume().isZero()) {
            rows.merge(windowRows[slot], candle.volume(), Decimal::add);
            total = total.add(candle.volume());
        }
        if (ready()) {
            readProfile();
        }
    }

    private void remove(int slot)
    {
        Decimal volume = windowVolumes[slot];
        if (volume.isZero()) {
            return;
        }
        long row = windowRows[slot];
        Decimal left = rows.get(row).subtract(volume);
        if (left.isZero()) {
            rows.remove(row);
        }
        else {
            rows.put(row, left);
        }
        total = total.subtract(volume);
    }

    private void readProfile()
    {
        long control = 0;
        Decimal most = null;
        for (Map.Entry<Long, Decimal> row : rows.entrySet()) {
            if (most == null || row.getValue().compareTo(most) > 0) {
                most = row.getValue();
                control = row.getKey();
            }
        }
        Decimal target = total.multiply(valueArea);
        Decimal included = most;
        long high = control;
        long low = control;
        while (included.compareTo(target) < 0) {
            Map.Entry<Long, Decimal> above = rows.higherEntry(high);
            Map.Entry<Long, Decimal> below = rows.lowerEntry(low);
            if (below != null && (above == null || below.getValue().compareTo(above.getValue()) > 0)) {
                low = below.getKey();
                included = included.add(below.getValue());
            }
            else {
                high = above.getKey();
                included = included.add(above.getValue());
            }
        }
        pointOfControl = (control + 0.5) * rowSize;
        valueAreaHigh = (high + 1) * rowSize;
        valueAreaLow = low * rowSize;
    }

    static double automaticRowSize(double price)
    {
        double target = price * 0.001;
        double power = Math.pow(10, Math.floor(Math.log10(target)));
        for (int multiple : new int[] {5, 2}) {
            if (multiple * power <= target) {
                return multiple * power;
            }
        }
        return power;
    }

    @Override
    public boolean ready()
    {
        return size == windowRows.length && total.signum() > 0;
    }

    @Override
    public double value()
    {
        return pointOfControl;
    }

    @Override
    public Map<String, Double> components()
    {
        return Map.of("value_area_high", valueAreaHigh, "value_area_low", valueAreaLow);
    }
}
