package io.marketpipe.core.internal.candle;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.CandleInterval;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandleSettingsTest
{
    @Test
    void defaultsBuildOneMinuteCandles()
    {
        CandleSettings settings = CandleBuilderTest.settings("");
        assertEquals(List.of(CandleInterval.parse("1m")), settings.intervals());
        assertEquals(Duration.ofSeconds(2), settings.lateness());
        assertEquals(EmptyIntervals.SKIP, settings.emptyIntervals());
        assertFalse(settings.emitOpen());
    }

    @Test
    void readsEveryKey()
    {
        CandleSettings settings = CandleBuilderTest.settings(
                "marketpipe.candles { intervals = [1s, 4h, 1s], lateness = 500ms, empty-intervals = carry, emit-open = true, clock-close-after = 3s }");
        assertEquals(List.of(CandleInterval.parse("1s"), CandleInterval.parse("4h")), settings.intervals());
        assertEquals(Duration.ofMillis(500), settings.lateness());
        assertEquals(EmptyIntervals.CARRY, settings.emptyIntervals());
        assertTrue(settings.emitOpen());
        assertEquals(Duration.ofSeconds(3), settings.clockCloseAfter());
    }

    @Test
    void unsupportedIntervalNamesThePath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CandleBuilderTest.settings("marketpipe.candles.intervals = [1m, 2m]"));
        assertEquals("marketpipe.candles.intervals[1]", e.path());
        assertTrue(e.getMessage().contains("1s, 5s, 15s, 30s, 1m"), e.getMessage());
    }

    @Test
    void unknownEmptyIntervalPolicyNamesThePath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CandleBuilderTest.settings("marketpipe.candles.empty-intervals = fill"));
        assertEquals("marketpipe.candles.empty-intervals", e.path());
    }

    @Test
    void historyLengthMustBePositive()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CandleBuilderTest.settings("marketpipe.candles.history.1d = 0"));
        assertEquals("marketpipe.candles.history.1d", e.path());
    }
}
