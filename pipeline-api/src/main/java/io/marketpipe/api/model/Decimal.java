package io.marketpipe.api.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact decimal number: every price and size in marketpipe is one.
 *
 * <p>Values whose digits fit in a {@code long} with a scale of 0 to 18 (every price and size a
 * venue publishes) are held as an unscaled {@code long} and a scale, so parsing, comparing and
 * adding allocate nothing beyond the instance. Larger values, such as some 24-hour quote
 * volumes, fall back to {@link BigDecimal} transparently. Arithmetic is exact; nothing is ever
 * rounded silently.
 *
 * <p>The scale a value was written with is kept ({@code "61837.63000000"} prints back as
 * written), but equality is numeric: {@code 1.50} equals {@code 1.5}, and {@link #hashCode()}
 * agrees with that.
 *
 * <p>Values read from outside ({@link #parse}, {@link #valueOf(BigDecimal)}) are bounded: at most
 * {@value #MAX_INTEGER_DIGITS} digits before the point and {@value #MAX_DECIMALS} significant
 * decimals, from text of at most {@value #MAX_TEXT_LENGTH} characters. Anything beyond (a price
 * of {@code 1e999999999}) is no market value, and would cost time and memory out of proportion,
 * so it is refused with a {@link NumberFormatException} saying why.
 *
 * @since 0.1
 */
public final class Decimal
        implements Comparable<Decimal>
{
    /** The largest scale held in the compact form. */
    public static final int MAX_COMPACT_SCALE = 18;
    /**
     * The most digits a value read from outside may have before the decimal point.
     *
     * @since 0.2
     */
    public static final int MAX_INTEGER_DIGITS = 40;
    /**
     * The most significant decimals (trailing zeros aside) a value read from outside may have.
     *
     * @since 0.2
     */
    public static final int MAX_DECIMALS = 80;
    /**
     * The longest text {@link #parse} reads.
     *
     * @since 0.2
     */
    public static final int MAX_TEXT_LENGTH = 128;

    private static final long[] POWERS_OF_TEN = new long[19];

    // RESCALE_LIMITS[i]: the largest magnitude that can be multiplied by 10^i within a long
    private static final long[] RESCALE_LIMITS = new long[19];

    static {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            RESCALE_LIMITS[i] = Long.MAX_VALUE / power;
            power *= 10;
        }
    }

    public static final Decimal ZERO = new Decimal(0, 0, null);
    public static final Decimal ONE = new Decimal(1, 0, null);

    private final long unscaled;
    private final int scale;
    // non-null only when the value does not fit the compact form
    private final BigDecimal big;

    private Decimal(long unscaled, int scale, BigDecimal big)
    {
        this.unscaled = unscaled;
        this.scale = scale;
        this.big = big;
    }

    /**
     * @param unscaled the digits
     * @param scale how many of the digits are decimals, 0 to {@value #MAX_COMPACT_SCALE}
     * @return {@code unscaled * 10^-scale}
     */
    public static Decimal of(long unscaled, int scale)
    {
        if (scale < 0 || scale > MAX_COMPACT_SCALE) {
            return wrap(BigDecimal.valueOf(unscaled, scale));
        }
        return new Decimal(unscaled, scale, null);
    }

    public static Decimal valueOf(long value)
    {
        return new Decimal(value, 0, null);
    }

    /**
     * @throws NumberFormatException when the value is out of the bounds values read from outside
     *         keep to (see the class description)
     */
    public static Decimal valueOf(BigDecimal value)
    {
        checkBounds(value, null);
        return wrap(value);
    }

    private static void checkBounds(BigDecimal value, CharSequence text)
    {
        if (value.signum() == 0) {
            return;
        }
        long integerDigits = (long) value.precision() - value.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            throw new NumberFormatException("decimal out of range: " + describe(value, text) + " has " + integerDigits
                    + " digits before the point, at most " + MAX_INTEGER_DIGITS + " are accepted");
        }
        int decimals = value.stripTrailingZeros().scale();
        if (decimals > MAX_DECIMALS) {
            throw new NumberFormatException("decimal out of range: " + describe(value, text) + " has " + decimals
                    + " significant decimals, at most " + MAX_DECIMALS + " are accepted");
        }
    }

    private static String describe(BigDecimal value, CharSequence text)
    {
        return text != null ? "\"" + text + "\"" : value.unscaledValue().bitLength() < 256 ? value.toString() : "a value";
    }

    private static Decimal wrap(BigDecimal value)
    {
        if (value.scale() >= 0 && value.scale() <= MAX_COMPACT_SCALE && value.unscaledValue().bitLength() < 64) {
            return new Decimal(value.unscaledValue().longValue(), value.scale(), null);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int scale = Math.max(stripped.scale(), 0);
        if (scale <= MAX_COMPACT_SCALE) {
            BigDecimal rescaled = stripped.setScale(scale);
            if (rescaled.unscaledValue().bitLength() < 64) {
                return new Decimal(rescaled.unscaledValue().longValue(), scale, null);
            }
        }
        return new Decimal(0, value.scale(), value);
    }

    /**
     * Parses a plain decimal ({@code "61837.63000000"}, {@code "-0.5"}, {@code "12"}) or scientific
     * notation ({@code "1.5E-7"}).
     *
     * @throws NumberFormatException naming the text when it is not a number
     */
    public static Decimal parse(CharSequence text)
    {
        int length = text.length();
        if (length == 0) {
            throw new NumberFormatException("not a decimal: empty string");
        }
        int index = 0;
        boolean negative = false;
        char first = text.charAt(0);
        if (first == '-' || first == '+') {
            negative = first == '-';
            index++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        boolean sawDigit = false;
        for (; index < length; index++) {
            char c = text.charAt(index);
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (digits > 0 || c != '0') {
                    digits++;
                }
                if (digits > 18) {
                    return parseSlow(text);
                }
                unscaled = unscaled * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            }
            else if (c == '.' && scale < 0) {
                scale = 0;
            }
            else if (c == 'e' || c == 'E') {
                return parseSlow(text);
            }
            else {
                throw new NumberFormatException("not a decimal: \"" + text + "\"");
            }
        }
        if (!sawDigit) {
            throw new NumberFormatException("not a decimal: \"" + text + "\"");
        }
        scale = Math.max(scale, 0);
        if (scale > MAX_COMPACT_SCALE) {
            return parseSlow(text);
        }
        return new Decimal(negative ? -unscaled : unscaled, scale, null);
    }

    /**
     * Parses {@code length} characters from {@code offset} as {@link #parse(CharSequence)} does,
     * without making a string of them first (a JSON parser's own buffer, for instance).
     *
     * @throws NumberFormatException naming the text when it is not a number
     * @since 0.4
     */
    public static Decimal parse(char[] chars, int offset, int length)
    {
        java.util.Objects.checkFromIndexSize(offset, length, chars.length);
        int end = offset + length;
        int index = offset;
        boolean negative = false;
        if (length > 0 && (chars[index] == '-' || chars[index] == '+')) {
            negative = chars[index] == '-';
            index++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        boolean sawDigit = false;
        for (; index < end; index++) {
            char c = chars[index];
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (digits > 0 || c != '0') {
                    digits++;
                }
                if (digits > 18) {
                    break;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            }
            else if (c == '.' && scale < 0) {
                scale = 0;
            }
            else {
                break;
            }
        }
        if (index < end || !sawDigit || scale > MAX_COMPACT_SCALE) {
            // long, scientific or not a number: the text's own parse decides, and names it
            return parse(new String(chars, offset, length));
        }
        return new Decimal(negative ? -unscaled : unscaled, Math.max(scale, 0), null);
    }

    private static Decimal parseSlow(CharSequence text)
    {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new NumberFormatException("decimal out of range: " + text.length() + " characters, at most " + MAX_TEXT_LENGTH + " are accepted");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.toString());
        }
        catch (NumberFormatException e) {
            throw new NumberFormatException("not a decimal: \"" + text + "\"");
        }
        checkBounds(value, text);
        return wrap(value);
    }

    /**
     * @return true when the value is held in the compact {@code long} form
     */
    public boolean isCompact()
    {
        return big == null;
    }

    /**
     * @return the scale the value was written with (digits after the decimal point)
     */
    public int scale()
    {
        return big == null ? scale : big.scale();
    }

    /**
     * @return the value as {@code unscaled * 10^-scale} for the given scale
     * @throws ArithmeticException when the value has more decimals than {@code scale} or does not fit a long
     */
    public long unscaledValue(int targetScale)
    {
        if (big == null) {
            if (targetScale == scale) {
                return unscaled;
            }
            if (targetScale > scale && targetScale - scale <= 18) {
                return Math.multiplyExact(unscaled, POWERS_OF_TEN[targetScale - scale]);
            }
            if (targetScale < scale) {
                long divisor = POWERS_OF_TEN[scale - targetScale];
                if (unscaled % divisor == 0) {
                    return unscaled / divisor;
                }
                throw new ArithmeticException(this + " has more than " + targetScale + " decimals");
            }
        }
        return toBigDecimal().setScale(targetScale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    public int signum()
    {
        return big == null ? Long.signum(unscaled) : big.signum();
    }

    public boolean isZero()
    {
        return signum() == 0;
    }

    public Decimal negate()
    {
        if (big == null && unscaled != Long.MIN_VALUE) {
            return new Decimal(-unscaled, scale, null);
        }
        return wrap(toBigDecimal().negate());
    }

    public Decimal abs()
    {
        return signum() < 0 ? negate() : this;
    }

    public Decimal add(Decimal other)
    {
        if (big == null && other.big == null) {
            int target = Math.max(scale, other.scale);
            // overflow is tested, not caught: a caught ArithmeticException costs a deoptimization every time
            if (fitsRescaled(unscaled, scale, target) && fitsRescaled(other.unscaled, other.scale, target)) {
                long a = rescale(unscaled, scale, target);
                long b = rescale(other.unscaled, other.scale, target);
                long sum = a + b;
                if (((a ^ sum) & (b ^ sum)) >= 0) {
                    return new Decimal(sum, target, null);
                }
            }
            // what wrap makes of the exact sum, without BigDecimal
            Decimal exact = compactSum(other, target);
            if (exact != null) {
                return exact;
            }
        }
        return wrap(toBigDecimal().add(other.toBigDecimal()));
    }

    /**
     * @return the exact sum at {@code target} scale when it fits a long there, else without its
     *         trailing zeros when that fits, else null
     */
    private Decimal compactSum(Decimal other, int target)
    {
        int aScale = scale - trailingZeros(unscaled, scale);
        long a = unscaled / POWERS_OF_TEN[scale - aScale];
        int bScale = other.scale - trailingZeros(other.unscaled, other.scale);
        long b = other.unscaled / POWERS_OF_TEN[other.scale - bScale];
        int common = Math.max(aScale, bScale);
        if (!fitsRescaled(a, aScale, common) || !fitsRescaled(b, bScale, common)) {
            return null;
        }
        a = rescale(a, aScale, common);
        b = rescale(b, bScale, common);
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return null;
        }
        int zeros = trailingZeros(sum, common);
        sum /= POWERS_OF_TEN[zeros];
        common -= zeros;
        if (fitsRescaled(sum, common, target)) {
            return new Decimal(rescale(sum, common, target), target, null);
        }
        return new Decimal(sum, common, null);
    }

    public Decimal subtract(Decimal other)
    {
        return add(other.negate());
    }

    public Decimal multiply(Decimal other)
    {
        if (big == null && other.big == null) {
            if (scale + other.scale <= MAX_COMPACT_SCALE) {
                long high = Math.multiplyHigh(unscaled, other.unscaled);
                long low = unscaled * other.unscaled;
                if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
                    return new Decimal(low, scale + other.scale, null);
                }
            }
            // what wrap makes of the exact product, without BigDecimal: trailing zeros go first
            // (61837.63000000 x 0.01000000 overflows at scale 16, not at scale 4)
            int aScale = scale - trailingZeros(unscaled, scale);
            long a = unscaled / POWERS_OF_TEN[scale - aScale];
            int bScale = other.scale - trailingZeros(other.unscaled, other.scale);
            long b = other.unscaled / POWERS_OF_TEN[other.scale - bScale];
            long high = Math.multiplyHigh(a, b);
            long low = a * b;
            if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
                int productScale = aScale + bScale;
                int zeros = trailingZeros(low, Math.min(productScale, MAX_COMPACT_SCALE));
                if (productScale - zeros <= MAX_COMPACT_SCALE) {
                    return new Decimal(low / POWERS_OF_TEN[zeros], productScale - zeros, null);
                }
            }
        }
        return wrap(toBigDecimal().multiply(other.toBigDecimal()));
    }

    public Decimal max(Decimal other)
    {
        return compareTo(other) >= 0 ? this : other;
    }

    public Decimal min(Decimal other)
    {
        return compareTo(other) <= 0 ? this : other;
    }

    /**
     * @return how many of the value's last {@code limit} digits are zeros (all of them for zero)
     */
    private static int trailingZeros(long value, int limit)
    {
        int zeros = 0;
        while (zeros < limit && value % 10 == 0) {
            value /= 10;
            zeros++;
        }
        return zeros;
    }

    private static boolean fitsRescaled(long value, int from, int to)
    {
        return from == to || (value <= RESCALE_LIMITS[to - from] && value >= -RESCALE_LIMITS[to - from]);
    }

    /**
     * @return {@code value * 10^(to - from)}, for a value that {@link #fitsRescaled fits}
     */
    private static long rescale(long value, int from, int to)
    {
        return from == to ? value : value * POWERS_OF_TEN[to - from];
    }

    public BigDecimal toBigDecimal()
    {
        return big != null ? big : BigDecimal.valueOf(unscaled, scale);
    }

    /**
     * @return the nearest double; for indicator math only, never for prices kept in books or stores
     */
    public double doubleValue()
    {
        if (big == null && scale <= 15 && Math.abs(unscaled) < (1L << 52)) {
            return unscaled / (double) POWERS_OF_TEN[scale];
        }
        return toBigDecimal().doubleValue();
    }

    @Override
    public int compareTo(Decimal other)
    {
        if (big == null && other.big == null) {
            if (scale == other.scale) {
                return Long.compare(unscaled, other.unscaled);
            }
            int target = Math.max(scale, other.scale);
            if (fitsRescaled(unscaled, scale, target) && fitsRescaled(other.unscaled, other.scale, target)) {
                return Long.compare(rescale(unscaled, scale, target), rescale(other.unscaled, other.scale, target));
            }
        }
        return toBigDecimal().compareTo(other.toBigDecimal());
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof Decimal && compareTo((Decimal) o) == 0;
    }

    @Override
    public int hashCode()
    {
        if (big != null) {
            return big.stripTrailingZeros().hashCode();
        }
        long value = unscaled;
        int s = scale;
        while (s > 0 && value % 10 == 0) {
            value /= 10;
            s--;
        }
        return Long.hashCode(value) * 31 + s;
    }

    /**
     * @return the plain decimal text with the value's own scale, never scientific notation
     */
    @Override
    public String toString()
    {
        if (big != null) {
            return big.toPlainString();
        }
        if (scale == 0) {
            return Long.toString(unscaled);
        }
        if (unscaled == Long.MIN_VALUE) {
            return toBigDecimal().toPlainString();
        }
        // the digits written from the last, into one buffer: books are checksummed from this text
        long value = Math.abs(unscaled);
        byte[] out = new byte[2 + 19 + MAX_COMPACT_SCALE];
        int position = out.length;
        for (int i = 0; i < scale; i++) {
            out[--position] = (byte) ('0' + value % 10);
            value /= 10;
        }
        out[--position] = '.';
        do {
            out[--position] = (byte) ('0' + value % 10);
            value /= 10;
        }
        while (value != 0);
        if (unscaled < 0) {
            out[--position] = '-';
        }
        return new String(out, position, out.length - position, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * @return the shortest plain text of the value: trailing zeros after the point removed
     */
    public String toNormalizedString()
    {
        BigDecimal stripped = toBigDecimal().stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
}
