package io.marketpipe.kraken;

import io.marketpipe.api.book.BookChecksum;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

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
        StringBuilder text = new StringBuilder(40 * LEVELS);
        append(text, asks);
        append(text, bids);
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private void append(StringBuilder text, List<PriceLevel> levels)
    {
        for (int i = 0; i < Math.min(LEVELS, levels.size()); i++) {
            PriceLevel level = levels.get(i);
            appendDigits(text, written(level.price(), priceDecimals));
            appendDigits(text, written(level.size(), quantityDecimals));
        }
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

    private static void appendDigits(StringBuilder text, String number)
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
