package io.marketpipe.core.internal.transport;

import io.marketpipe.core.capture.ReplaySpeed;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplaySpeedTest
{
    @Test
    void parsesMaxAndFactors()
    {
        assertTrue(ReplaySpeed.parse("max").isMax());
        assertTrue(ReplaySpeed.parse(" MAX ").isMax());
        assertEquals(ReplaySpeed.RECORDED, ReplaySpeed.parse("1x"));
        assertEquals(10, ReplaySpeed.parse("10x").factor());
        assertEquals(0.5, ReplaySpeed.parse("0.5X").factor());
        assertEquals(0.25, ReplaySpeed.parse(".25x").factor());
    }

    @Test
    void printsAsParsed()
    {
        assertEquals("max", ReplaySpeed.MAX.toString());
        assertEquals("1x", ReplaySpeed.RECORDED.toString());
        assertEquals("0.5x", ReplaySpeed.parse("0.5x").toString());
        assertEquals("10x", ReplaySpeed.parse("10x").toString());
    }

    @Test
    void rejectsWhatIsNotASpeedNamingTheText()
    {
        for (String text : new String[] {"", "fast", "10", "x", "0x", "-2x", "NaNx", "Infinityx", "1e3x"}) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> ReplaySpeed.parse(text), text);
            assertTrue(thrown.getMessage().contains("\"" + text + "\""), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("max, 1x"), thrown.getMessage());
        }
    }

    @Test
    void scalesRecordedDurations()
    {
        assertEquals(500, ReplaySpeed.parse("2x").scale(1000));
        assertEquals(2000, ReplaySpeed.parse("0.5x").scale(1000));
        assertEquals(1000, ReplaySpeed.RECORDED.scale(1000));
        assertEquals(0, ReplaySpeed.MAX.scale(1000));
    }
}
