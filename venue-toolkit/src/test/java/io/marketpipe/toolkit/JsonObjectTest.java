package io.marketpipe.toolkit;

import io.marketpipe.api.model.Decimal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonObjectTest
{
    @Test
    void decimalsAreExactFromStringsAndFromNumbers()
            throws DecodeException
    {
        JsonObject frame = JsonObject.parseObject("{\"s\":\"0.10000000\",\"n\":0.1,\"big\":12345678901234567890.123456789,\"i\":42,\"e\":1.5e-3}");
        assertEquals("0.10000000", frame.decimal("s").toString());
        assertEquals("0.1", frame.decimal("n").toString(), "a JSON number keeps its own digits, never a double's");
        assertEquals(Decimal.parse("12345678901234567890.123456789"), frame.decimal("big"));
        assertEquals(Decimal.parse("42"), frame.decimal("i"));
        assertEquals(0, Decimal.parse("0.0015").compareTo(frame.decimal("e")));
    }

    @Test
    void levelsReadTheFirstTwoElementsOfEachRow()
            throws DecodeException
    {
        JsonObject frame = JsonObject.parseObject("{\"bids\":[[\"100.5\",\"2\",\"0\",\"3\"],[99.25,0.5]]}");
        assertEquals(List.of("100.5", "99.25"), frame.levels("bids").stream().map(level -> level.price().toString()).toList());
        assertEquals(List.of("2", "0.5"), frame.levels("bids").stream().map(level -> level.size().toString()).toList());
    }

    @Test
    void errorsNameTheFieldAndWhatWasWrong()
            throws DecodeException
    {
        JsonObject frame = JsonObject.parseObject("{\"p\":\"abc\",\"q\":true,\"o\":null}");
        assertTrue(assertThrows(DecodeException.class, () -> frame.decimal("p")).getMessage().contains("field 'p' is not a decimal"));
        assertTrue(assertThrows(DecodeException.class, () -> frame.decimal("q")).getMessage().contains("field 'q' should be a decimal"));
        assertTrue(assertThrows(DecodeException.class, () -> frame.string("missing")).getMessage().contains("missing field 'missing'"));
        assertNull(frame.optionalDecimal("o"));
        assertTrue(assertThrows(DecodeException.class, () -> JsonObject.parse("{\"a\":")).getMessage().startsWith("malformed JSON"));
        assertTrue(assertThrows(DecodeException.class, () -> JsonObject.parse("{} {}")).getMessage().contains("trailing content"));
    }

    @Test
    void absurdExponentsAreDecodeErrorsNotFailures()
            throws DecodeException
    {
        JsonObject frame = JsonObject.parseObject("{\"p\":1e999999999,\"q\":\"1e999999999\"}");
        assertThrows(DecodeException.class, () -> frame.decimal("p"));
        assertThrows(DecodeException.class, () -> frame.decimal("q"));
    }
}
