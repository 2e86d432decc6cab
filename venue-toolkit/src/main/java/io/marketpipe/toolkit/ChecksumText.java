package io.marketpipe.toolkit;

import io.marketpipe.api.model.Decimal;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The ASCII text a venue's book checksum covers, written number by number into one growing byte
 * buffer and then checksummed, without a {@code String} per price or size: a book verified on
 * every update computes one for each.
 *
 * <p>Not thread-safe; one per computation.
 */
public final class ChecksumText
{
    private byte[] bytes;
    private int length;

    /**
     * @param expectedLength the bytes the text usually takes; it grows beyond as needed
     */
    public ChecksumText(int expectedLength)
    {
        this.bytes = new byte[Math.max(16, expectedLength)];
    }

    /**
     * Appends one ASCII character.
     */
    public ChecksumText append(char c)
    {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /**
     * Appends the value's plain text, exactly {@link Decimal#toString()}: its own scale, never
     * scientific notation.
     */
    public ChecksumText appendPlain(Decimal value)
    {
        int scale = value.scale();
        if (!value.isCompact() || scale < 0 || scale > 18) {
            return appendText(value.toString());
        }
        long unscaled = value.unscaledValue(scale);
        if (unscaled == Long.MIN_VALUE) {
            return appendText(value.toString());
        }
        if (unscaled < 0) {
            append('-');
            unscaled = -unscaled;
        }
        int digits = digits(unscaled);
        // at least one digit before the point
        int written = Math.max(digits, scale + 1);
        ensure(written + 1);
        int end = length + written + (scale > 0 ? 1 : 0);
        int position = end;
        for (int i = 0; i < scale; i++) {
            bytes[--position] = (byte) ('0' + unscaled % 10);
            unscaled /= 10;
        }
        if (scale > 0) {
            bytes[--position] = '.';
        }
        do {
            bytes[--position] = (byte) ('0' + unscaled % 10);
            unscaled /= 10;
        }
        while (position > length);
        length = end;
        return this;
    }

    /**
     * Appends the digits of a value that is not negative, without leading zeros: nothing at all
     * for zero.
     *
     * @throws IllegalArgumentException when the value is negative
     */
    public ChecksumText appendSignificantDigits(long value)
    {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = value == 0 ? 0 : digits(value);
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    /**
     * Appends ASCII text.
     */
    public ChecksumText appendText(String text)
    {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    /**
     * @return the bytes written so far
     */
    public int length()
    {
        return length;
    }

    /**
     * @return the CRC32 of the text, as an unsigned 32-bit value
     */
    public long crc32()
    {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int digits(long value)
    {
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    private void ensure(int more)
    {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
