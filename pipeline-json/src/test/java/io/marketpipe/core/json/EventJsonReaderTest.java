package io.marketpipe.core.json;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonReaderTest
{
    private static final Instrument BTC = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");
    private static final Instrument PERPETUAL = Instrument.builder("binance", "usdm", "BTCUSDT").base("BTC").quote("USDT").settle("USDT").kind(MarketKind.PERPETUAL).build();
    private static final EventJsonReader.InstrumentLookup INSTRUMENTS = (exchange, market, symbol) -> market.equals("usdm") ? PERPETUAL : BTC;

    @Test
    void everyTypeReadsBackToTheSameJson()
    {
        long venue = 1723161255342_000_000L;
        long received = 1723161254087896568L;
        List<MarketEvent> events = List.of(
                new Trade(BTC, venue, received, "3735683259", Decimal.parse("61837.63000000"), Decimal.parse("0.02000000"), Side.SELL, true),
                new Quote(BTC, venue, received, 12, Decimal.parse("61837.63"), Decimal.parse("3.5"), Decimal.parse("61837.64"), Decimal.parse("0.1")),
                new Ticker(BTC, venue, received, Decimal.parse("61837.63"), null, null, null, null, Decimal.parse("60000"), null, null, Decimal.parse("1234.5"), null),
                new BookDepth(BTC, venue, received, 50093239224L, List.of(PriceLevel.parse("61837.63", "3.78826")), List.of(PriceLevel.parse("61837.64", "1.54698")), true),
                new Candle(BTC, venue, received, CandleInterval.parse("1m"), 1723161240000L, Decimal.parse("1"), Decimal.parse("3"), Decimal.parse("0.5"),
                        Decimal.parse("2"), Decimal.parse("10"), Decimal.parse("20"), 4, Decimal.parse("1.75"), Decimal.parse("6"), Decimal.parse("4"), CandleSource.VENUE, false, 2),
                new FundingRate(PERPETUAL, venue, received, Decimal.parse("0.0001"), 1723190400000L, Decimal.parse("61840.1"), null),
                new IndicatorValue(BTC, venue, received, "macd", CandleInterval.parse("1m"), 1723161240000L, 1.25, Map.of("signal", 0.5, "histogram", 0.75)),
                new SourceStatus("binance-spot", "binance", "spot", BTC, venue, received, SourceStatus.Kind.GAP, "expected prevSeq 5, got 7"),
                new Dividend(BTC, 1_604_673_000_000_000_000L, received, Decimal.parse("0.205"), "USD"),
                new Dividend(BTC, 1_604_673_000_000_000_000L, received, Decimal.parse("0.24"), null),
                new Split(BTC, 1_598_880_600_000_000_000L, received, Decimal.parse("4"), Decimal.ONE));
        for (MarketEvent event : events) {
            String json = EventJson.toJson(event);
            MarketEvent read = EventJsonReader.read(json, INSTRUMENTS);
            assertEquals(event.getClass(), read.getClass());
            assertEquals(json, EventJson.toJson(read), event.type());
        }
    }

    @Test
    void malformedObjectsAreRefusedNamingWhatIsWrong()
    {
        String trade = EventJson.toJson(new Trade(BTC, 1_000_000, 2, "1", Decimal.parse("1.5"), Decimal.parse("2"), Side.BUY, false));
        assertTrue(failure(trade.replace("\"price\":\"1.5\",", "")).contains("missing field \"price\""));
        assertTrue(failure(trade.replace("\"buy\"", "\"sideways\"")).contains("unknown value \"sideways\""));
        assertTrue(failure("[1, 2]").contains("not a JSON object"));
        assertTrue(failure("{\"type\":\"trade\",").contains("not an event object"));
    }

    private static String failure(String json)
    {
        return assertThrows(IllegalArgumentException.class, () -> EventJsonReader.read(json, INSTRUMENTS)).getMessage();
    }
}
