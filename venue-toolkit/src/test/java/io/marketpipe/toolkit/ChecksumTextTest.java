package io.marketpipe.toolkit;

import io.marketpipe.api.model.Decimal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChecksumTextTest
{
    @Test
    void plainTextIsExactlyTheDecimalsText()
    {
        String[] values = {"0", "0.0", "0.00000500", "-0.05", "5", "61737.63000000", "1E+3", "123456789012345678", "0.123456789012345678",
                "12345678901234567890123.45", "-9223372036854775808", "9223372036854775807", "-0.000000000000000001"};
        for (String value : values) {
            Decimal decimal = Decimal.parse(value);
            assertEquals(decimal.toString(), new ChecksumText(4).appendPlain(decimal).toString(), value);
        }
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            Decimal decimal = Decimal.of(random.nextInt(4) == 0 ? random.nextInt(1000) - 500 : random.nextLong(), random.nextInt(19));
            assertEquals(decimal.toString(), new ChecksumText(4).appendPlain(decimal).toString());
        }
    }

    @Test
    void significantDigitsDropLeadingZerosAndZeroItself()
    {
        ChecksumText text = new ChecksumText(1).appendSignificantDigits(0).append(':').appendSignificantDigits(500).append(':').appendSignificantDigits(Long.MAX_VALUE);
        assertEquals(":500:9223372036854775807", text.toString());
        assertThrows(IllegalArgumentException.class, () -> new ChecksumText(1).appendSignificantDigits(-1));
    }

    @Test
    void crcIsTheTextsCrc32()
    {
        ChecksumText text = new ChecksumText(2).appendText("8.5:0.02").append(':').appendPlain(Decimal.parse("8.6"));
        CRC32 crc = new CRC32();
        crc.update("8.5:0.02:8.6".getBytes(StandardCharsets.US_ASCII));
        assertEquals(crc.getValue(), text.crc32());
        assertEquals(12, text.length());
    }
}
