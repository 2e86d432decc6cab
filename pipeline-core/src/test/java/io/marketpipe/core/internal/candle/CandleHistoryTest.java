package io.marketpipe.core.internal.candle;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandleHistoryTest
{
    private static final Instrument BTC = Instrument.spot("test", "BTCUSDT", "BTC", "USDT");
    private static final CandleInterval ONE_HOUR = CandleInterval.parse("1h");

    @Test
    void keepsTheNewestCandlesUpToTheConfiguredLength()
    {
        CandleHistory history = new CandleHistory(CandleBuilderTest.settings("marketpipe.candles.history.1h = 3"));
        for (int hour = 0; hour < 5; hour++) {
            history.record(candle(hour, "1", 0, true));
        }
        assertEquals(List.of(2L, 3L, 4L), hours(history.recent(BTC, ONE_HOUR, CandleSource.BUILT)));
        assertEquals(List.of(3L, 4L), hours(history.recent(BTC, ONE_HOUR, CandleSource.BUILT, 2)));
    }

    @Test
    void revisionReplacesAndOlderCandlesAreInsertedInOrder()
    {
        CandleHistory history = new CandleHistory(CandleBuilderTest.settings("marketpipe.candles.history.1h = 3"));
        history.record(candle(1, "1", 0, true));
        history.record(candle(3, "1", 0, true));
        history.record(candle(3, "7", 1, true));
        history.record(candle(2, "1", 0, true));
        history.record(candle(4, "1", 0, true));
        history.record(candle(0, "1", 0, true));

        List<Candle> kept = history.recent(BTC, ONE_HOUR, CandleSource.BUILT);
        assertEquals(List.of(2L, 3L, 4L), hours(kept), "inserted in order; one older than every kept candle is dropped when full");
        assertEquals(Decimal.parse("7"), kept.get(1).close());
        assertEquals(1, kept.get(1).revision());
    }

    @Test
    void openCandlesAndOtherSeriesAreNotMixedIn()
    {
        CandleHistory history = new CandleHistory(CandleBuilderTest.settings(""));
        history.record(candle(0, "1", 0, false));
        assertTrue(history.recent(BTC, ONE_HOUR, CandleSource.BUILT).isEmpty());
        assertTrue(history.instruments().isEmpty());
        history.record(candle(0, "1", 0, true));
        assertTrue(history.recent(BTC, ONE_HOUR, CandleSource.VENUE).isEmpty());
        assertTrue(history.recent(BTC, CandleInterval.parse("1m"), CandleSource.BUILT).isEmpty());
        assertEquals(Set.of(BTC), history.instruments());
    }

    @Test
    void venueIntervalsTheBuilderDoesNotBuildTakeTheLengthOfTheNextShorterOne()
    {
        CandleSettings settings = CandleBuilderTest.settings("");
        assertEquals(1000, settings.historyLength(CandleInterval.parse("1m")));
        assertEquals(1000, settings.historyLength(CandleInterval.parse("3m")));
        assertEquals(500, settings.historyLength(CandleInterval.parse("2h")));
        assertEquals(200, settings.historyLength(CandleInterval.parse("4h")));
        assertEquals(100, settings.historyLength(CandleInterval.parse("1w")));
        assertEquals(1000, settings.historyLength(CandleInterval.parse("2s")));
    }

    private static Candle candle(long hour, String close, int revision, boolean closed)
    {
        long start = hour * 3_600_000L;
        Decimal price = Decimal.parse(close);
        return new Candle(BTC, start * 1_000_000L, start * 1_000_000L, ONE_HOUR, start, price, price, price, price, Decimal.ONE, null, 1, null, null, null,
                CandleSource.BUILT, closed, revision);
    }

    private static List<Long> hours(List<Candle> candles)
    {
        return candles.stream().map(candle -> candle.openTimeMillis() / 3_600_000L).toList();
    }
}
