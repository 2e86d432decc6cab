package io.marketpipe.api.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandleIntervalTest
{
    @Test
    void parsesEveryUnit()
    {
        assertEquals(1000, CandleInterval.parse("1s").millis());
        assertEquals(60_000, CandleInterval.parse("1m").millis());
        assertEquals(4 * 3_600_000, CandleInterval.parse("4h").millis());
        assertEquals(86_400_000, CandleInterval.parse("1d").millis());
        assertNotEquals(CandleInterval.parse("1m"), CandleInterval.parse("1M"));
    }

    @Test
    void alignsOpenTimeToTheInterval()
    {
        CandleInterval minute = CandleInterval.parse("1m");
        assertEquals(1723161240000L, minute.openTime(1723161255342L));
        assertEquals(1723161240000L, minute.openTime(1723161240000L));
    }

    @Test
    void rejectsNonsenseNamingIt()
    {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CandleInterval.parse("5x"));
        assertTrue(e.getMessage().contains("5x"));
        assertThrows(IllegalArgumentException.class, () -> CandleInterval.parse("0m"));
        assertThrows(IllegalArgumentException.class, () -> CandleInterval.parse("m"));
    }
}
