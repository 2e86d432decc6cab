package io.marketpipe.api.model;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecimalTest
{
    @Test
    void absurdExponentsAreRefusedWithAReason()
    {
        for (String absurd : new String[] {"1e999999999", "1e10000000", "-1E+41", "1e-999999999", "1e9999999999", "0." + "0".repeat(80) + "1"}) {
            NumberFormatException refused = assertThrows(NumberFormatException.class, () -> Decimal.parse(absurd), absurd);
            assertTrue(refused.getMessage().startsWith("decimal out of range") || refused.getMessage().startsWith("not a decimal"), refused.getMessage());
        }
        assertThrows(NumberFormatException.class, () -> Decimal.valueOf(new BigDecimal("1e999999999")));
        assertThrows(NumberFormatException.class, () -> Decimal.parse("1".repeat(Decimal.MAX_TEXT_LENGTH + 1)));
    }

    @Test
    void valuesUpToTheBoundsAreKept()
    {
        assertEquals("1" + "0".repeat(39), Decimal.parse("1e39").toString());
        assertEquals("9".repeat(40), Decimal.parse("9".repeat(40)).toString());
        String finest = "0." + "0".repeat(Decimal.MAX_DECIMALS - 1) + "1";
        assertEquals(finest, Decimal.parse(finest).toString());
        assertEquals(Decimal.ZERO, Decimal.parse("0e999999999"));
        assertEquals("1.5E-7", Decimal.parse("1.5E-7").toBigDecimal().toString());
    }

    @Test
    void keepsTheScaleItWasWrittenWith()
    {
        assertEquals("61837.63000000", Decimal.parse("61837.63000000").toString());
        assertEquals("0.00000100", Decimal.parse("0.00000100").toString());
        assertEquals("-0.5", Decimal.parse("-0.5").toString());
        assertEquals("12", Decimal.parse("12").toString());
        assertEquals("0.5", Decimal.parse(".5").toString());
        assertEquals("61837.63", Decimal.parse("61837.63000000").toNormalizedString());
    }

    @Test
    void equalityIsNumericAndHashAgrees()
    {
        Decimal a = Decimal.parse("1.50");
        Decimal b = Decimal.parse("1.5");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(0, a.compareTo(b));
        assertNotEquals(Decimal.parse("1.51"), b);
        assertEquals(Decimal.parse("0.00000000"), Decimal.ZERO);
        assertTrue(Decimal.parse("0.00000000").isZero());
    }

    @Test
    void valuesBeyondLongPrecisionStayExact()
    {
        String huge = "123456789012345678901234.123456789";
        Decimal value = Decimal.parse(huge);
        assertFalse(value.isCompact());
        assertEquals(huge, value.toString());
        assertEquals(new BigDecimal(huge).add(BigDecimal.ONE), value.add(Decimal.ONE).toBigDecimal());
        assertEquals(Decimal.valueOf(new BigDecimal("1.5E+3")), Decimal.parse("1500"));
        assertTrue(Decimal.valueOf(new BigDecimal("1.5E+3")).isCompact());
    }

    @Test
    void scientificNotationParses()
    {
        assertEquals(Decimal.parse("0.00000015"), Decimal.parse("1.5E-7"));
    }

    @Test
    void arithmeticMatchesBigDecimalExactly()
    {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            BigDecimal x = randomDecimal(random);
            BigDecimal y = randomDecimal(random);
            Decimal a = Decimal.valueOf(x);
            Decimal b = Decimal.valueOf(y);
            BigDecimal sum = a.toBigDecimal().add(b.toBigDecimal());
            boolean fitsAtScale = sum.scale() <= Decimal.MAX_COMPACT_SCALE && sum.unscaledValue().bitLength() < 64;
            // a sum that does not fit at the larger scale is held without its trailing zeros
            assertEquals(fitsAtScale ? sum.toPlainString() : Decimal.valueOf(sum).toString(), a.add(b).toString(), () -> x + " + " + y);
            assertEquals(0, x.subtract(y).compareTo(a.subtract(b).toBigDecimal()), () -> x + " - " + y);
            assertEquals(0, x.multiply(y).compareTo(a.multiply(b).toBigDecimal()), () -> x + " * " + y);
            assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(a.compareTo(b)), () -> x + " <=> " + y);
            assertEquals(x.compareTo(y) == 0, a.equals(b));
        }
    }

    @Test
    void arithmeticKeepsTheScaleOfTheExactResult()
    {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            // venue-style values, trailing zeros up to 8 decimals, whose products overflow a long at their written scale
            BigDecimal x = random.nextInt(4) == 0 ? randomDecimal(random) : randomDecimal(random).setScale(8, java.math.RoundingMode.DOWN);
            BigDecimal y = random.nextInt(4) == 0 ? randomDecimal(random) : randomDecimal(random).setScale(8 + random.nextInt(11), java.math.RoundingMode.DOWN);
            Decimal a = Decimal.valueOf(x);
            Decimal b = Decimal.valueOf(y);
            // a product that does not fit at the sum of the scales is held without its trailing zeros
            BigDecimal product = a.toBigDecimal().multiply(b.toBigDecimal());
            if (product.precision() - product.scale() <= Decimal.MAX_INTEGER_DIGITS) {
                assertEquals(Decimal.valueOf(product).toString(), a.multiply(b).toString(), () -> x + " * " + y);
            }
            BigDecimal sum = a.toBigDecimal().add(b.toBigDecimal());
            boolean fitsAtScale = sum.scale() <= Decimal.MAX_COMPACT_SCALE && sum.unscaledValue().bitLength() < 64;
            // a sum that does not fit at the larger scale is held without its trailing zeros
            assertEquals(fitsAtScale ? sum.toPlainString() : Decimal.valueOf(sum).toString(), a.add(b).toString(), () -> x + " + " + y);
            assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(a.compareTo(b)), () -> x + " <=> " + y);
        }
    }

    @Test
    void textIsThePlainTextOfTheValueAtItsScale()
    {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            long unscaled = switch (random.nextInt(4)) {
                case 0 -> random.nextLong();
                case 1 -> random.nextInt(1000) - 500;
                case 2 -> i % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
                default -> random.nextLong() / (1L << random.nextInt(63));
            };
            int scale = random.nextInt(Decimal.MAX_COMPACT_SCALE + 1);
            assertEquals(BigDecimal.valueOf(unscaled, scale).toPlainString(), Decimal.of(unscaled, scale).toString(), () -> unscaled + " at scale " + scale);
        }
    }

    @Test
    void aRangeOfCharactersParsesAsItsText()
    {
        Random random = new Random(11);
        String alphabet = "0123456789.-+eE x";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(25);
            for (int j = 0; j < length; j++) {
                text.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('0' + random.nextInt(10)));
            }
            String value = text.toString();
            char[] chars = ("[\"" + value + "\"]").toCharArray();
            String expected;
            try {
                expected = Decimal.parse(value).toString();
            }
            catch (NumberFormatException e) {
                expected = "refused: " + e.getMessage();
            }
            String actual;
            try {
                actual = Decimal.parse(chars, 2, value.length()).toString();
            }
            catch (NumberFormatException e) {
                actual = "refused: " + e.getMessage();
            }
            assertEquals(expected, actual, value);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Decimal.parse("12".toCharArray(), 1, 2));
    }

    @Test
    void unscaledValueRescalesExactlyOrRefuses()
    {
        assertEquals(6183763000000L, Decimal.parse("61837.63").unscaledValue(8));
        assertEquals(6183763L, Decimal.parse("61837.63000000").unscaledValue(2));
        assertThrows(ArithmeticException.class, () -> Decimal.parse("61837.635").unscaledValue(2));
    }

    @Test
    void rejectsTextThatIsNotANumber()
    {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Decimal.parse("12a.5"));
        assertTrue(e.getMessage().contains("12a.5"));
        assertThrows(NumberFormatException.class, () -> Decimal.parse(""));
        assertThrows(NumberFormatException.class, () -> Decimal.parse("-"));
        assertThrows(NumberFormatException.class, () -> Decimal.parse("1.2.3"));
    }

    private static BigDecimal randomDecimal(Random random)
    {
        int digits = 1 + random.nextInt(random.nextInt(10) == 0 ? 30 : 15);
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append('-');
        }
        for (int i = 0; i < digits; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        BigDecimal unscaled = new BigDecimal(text.toString());
        return unscaled.movePointLeft(random.nextInt(12));
    }
}
