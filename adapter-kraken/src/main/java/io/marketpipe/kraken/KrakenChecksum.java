package io.marketpipe.kraken;

import io.marketpipe.api.book.BookChecksum;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;

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
        Digits text = new Digits();
        append(text, asks);
        append(text, bids);
        CRC32 crc = new CRC32();
        crc.update(text.bytes, 0, text.length);
        return crc.getValue();
    }

    private void append(Digits text, List<PriceLevel> levels)
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
    private static void append(Digits text, Decimal value, int decimals)
    {
        if (value.isCompact() && value.signum() >= 0) {
            try {
                text.appendDigits(value.unscaledValue(decimals == AS_WRITTEN ? value.scale() : decimals));
                return;
            }
            catch (ArithmeticException finerThanPrecision) {
                // written below
            }
        }
        text.appendText(written(value, decimals));
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
     * The checksummed text, as ASCII bytes.
     */
    private static final class Digits
    {
        private byte[] bytes = new byte[2 * 2 * LEVELS * 20];
        private int length;

        /**
         * Appends the digits of a value that is not negative, without leading zeros: nothing for zero.
         */
        void appendDigits(long value)
        {
            ensure(19);
            int digits = 0;
            for (long rest = value; rest != 0; rest /= 10) {
                digits++;
            }
            for (int i = length + digits - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
        }

        /**
         * Appends a number's text without its decimal point and leading zeros.
         */
        void appendText(String number)
        {
            ensure(number.length());
            boolean leading = true;
            for (int i = 0; i < number.length(); i++) {
                char c = number.charAt(i);
                if (c == '.' || (leading && c == '0')) {
                    continue;
                }
                leading = false;
                bytes[length++] = (byte) c;
            }
        }

        private void ensure(int more)
        {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    @Override
    public String toString()
    {
        return priceDecimals == AS_WRITTEN ? "kraken-crc32(as written)" : "kraken-crc32(" + priceDecimals + "/" + quantityDecimals + ")";
    }
}
