package io.marketpipe.kraken;

import io.marketpipe.api.book.BookChecksum;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.toolkit.ChecksumText;

import java.util.List;

/**
 * Kraken's book checksum: the CRC32, as an unsigned number, of the top ten asks (best first,
 * ascending) followed by the top ten bids (best first, descending), each level written as its
 * price then its quantity, every number without its decimal point and leading zeros.
 *
 * <p>v1 checksums the numbers as Kraken wrote them (decimal strings, whose scale {@link Decimal}
 * keeps). v2 sends JSON numbers, which lose trailing zeros, so they are written at the pair's
 * price and quantity precision; a book whose precision is unknown falls back to the numbers as
 * written.
 */
final class KrakenChecksum
        implements BookChecksum
{
    /** Levels per side the checksum covers, whatever the subscribed depth. */
    static final int LEVELS = 10;

    private static final int AS_WRITTEN = -1;

    private final int priceDecimals;
    private final int quantityDecimals;

    private KrakenChecksum(int priceDecimals, int quantityDecimals)
    {
        this.priceDecimals = priceDecimals;
        this.quantityDecimals = quantityDecimals;
    }

    /**
     * @return the v1 checksum over the numbers as received
     */
    static KrakenChecksum asWritten()
    {
        return new KrakenChecksum(AS_WRITTEN, AS_WRITTEN);
    }

    /**
     * @return the v2 checksum with numbers written at the pair's precision
     */
    static KrakenChecksum atPrecision(int priceDecimals, int quantityDecimals)
    {
        if (priceDecimals < 0 || quantityDecimals < 0) {
            throw new IllegalArgumentException("precisions must not be negative: " + priceDecimals + ", " + quantityDecimals);
        }
        return new KrakenChecksum(priceDecimals, quantityDecimals);
    }

    @Override
    public long compute(BookView book)
    {
        return compute(book.topAsks(LEVELS), book.topBids(LEVELS));
    }

    /**
     * @param asks the best asks, lowest first
     * @param bids the best bids, highest first
     */
    long compute(List<PriceLevel> asks, List<PriceLevel> bids)
    {
        ChecksumText text = new ChecksumText(4 * LEVELS * 12);
        append(text, asks);
        append(text, bids);
        return text.crc32();
    }

    private void append(ChecksumText text, List<PriceLevel> levels)
    {
        for (int i = 0; i < Math.min(LEVELS, levels.size()); i++) {
            PriceLevel level = levels.get(i);
            append(text, level.price(), priceDecimals);
            append(text, level.size(), quantityDecimals);
        }
    }

    /**
     * Writes the value without its decimal point and leading zeros: for a value that is not
     * negative, the digits of its unscaled value at its own scale ({@link #AS_WRITTEN}) or at
     * {@code decimals}, written straight into the text; otherwise from its text.
     */
    private static void append(ChecksumText text, Decimal value, int decimals)
    {
        if (value.isCompact() && value.signum() >= 0) {
            try {
                text.appendSignificantDigits(value.unscaledValue(decimals == AS_WRITTEN ? value.scale() : decimals));
                return;
            }
            catch (ArithmeticException finerThanPrecision) {
                // written below
            }
        }
        appendWithoutPointAndLeadingZeros(text, written(value, decimals));
    }

    private static String written(Decimal value, int decimals)
    {
        if (decimals == AS_WRITTEN) {
            return value.toString();
        }
        try {
            return Long.toString(value.unscaledValue(decimals));
        }
        catch (ArithmeticException finerThanPrecision) {
            // Kraken never sends more decimals than the pair has; if it did, its own text is the best guess
            return value.toString();
        }
    }

    /**
     * Appends a number's text without its decimal point and leading zeros.
     */
    private static void appendWithoutPointAndLeadingZeros(ChecksumText text, String number)
    {
        boolean leading = true;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == '.' || (leading && c == '0')) {
                continue;
            }
            leading = false;
            text.append(c);
        }
    }

    @Override
    public String toString()
    {
        return priceDecimals == AS_WRITTEN ? "kraken-crc32(as written)" : "kraken-crc32(" + priceDecimals + "/" + quantityDecimals + ")";
    }
}
