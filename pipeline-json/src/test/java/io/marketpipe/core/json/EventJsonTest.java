package io.marketpipe.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EventJsonTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instrument BTC = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");

    @Test
    void tradeCarriesIdentityAndExactDecimals()
            throws Exception
    {
        Trade trade = new Trade(BTC, 1723161255342_000_000L, 1723161254087896568L, "3735683259",
                Decimal.parse("61837.63000000"), Decimal.parse("0.02000000"), Side.SELL, false);
        JsonNode json = MAPPER.readTree(EventJson.toJson(trade));
        assertEquals("trade", json.get("type").asText());
        assertEquals("binance", json.get("exchange").asText());
        assertEquals("spot", json.get("market").asText());
        assertEquals("BTC/USDT", json.get("symbol").asText());
        assertEquals(1723161255342L, json.get("ts").asLong());
        assertEquals("3735683259", json.get("id").asText());
        assertEquals("61837.63000000", json.get("price").asText());
        assertEquals("0.02000000", json.get("size").asText());
        assertEquals("sell", json.get("side").asText());
        assertFalse(json.has("backfilled"));
    }

    @Test
    void bookCarriesSequenceAndLevelPairs()
            throws Exception
    {
        BookDepth book = new BookDepth(BTC, 5_000_000L, 6L, 50093239224L,
                List.of(PriceLevel.parse("61837.63", "3.78826"), PriceLevel.parse("61837.62", "0.617")),
                List.of(PriceLevel.parse("61837.64", "1.54698")), false);
        JsonNode json = MAPPER.readTree(EventJson.toJson(book));
        assertEquals("book", json.get("type").asText());
        assertEquals(50093239224L, json.get("seq").asLong());
        assertEquals(5, json.get("ts").asLong());
        assertEquals("61837.62", json.get("bids").get(1).get(0).asText());
        assertEquals("0.617", json.get("bids").get(1).get(1).asText());
        assertEquals("1.54698", json.get("asks").get(0).get(1).asText());
    }

    @Test
    void candleCarriesIntervalStartAndFinality()
            throws Exception
    {
        Candle candle = new Candle(BTC, 0, 1_000_000L, CandleInterval.parse("1m"), 1723161240000L,
                Decimal.parse("1"), Decimal.parse("3"), Decimal.parse("0.5"), Decimal.parse("2"), Decimal.parse("10"),
                null, 4, Decimal.parse("1.75"), null, null, CandleSource.BUILT, true, 0);
        JsonNode json = MAPPER.readTree(EventJson.toJson(candle));
        assertEquals("1m", json.get("interval").asText());
        assertEquals(1723161240000L, json.get("start").asLong());
        assertEquals("3", json.get("high").asText());
        assertEquals(4, json.get("trades").asLong());
        assertEquals("built", json.get("source").asText());
        assertEquals(true, json.get("final").asBoolean());
    }

    @Test
    void statusCarriesKindAndReason()
            throws Exception
    {
        SourceStatus status = new SourceStatus("binance-spot", "binance", "spot", BTC, 0, 2_000_000L, SourceStatus.Kind.GAP, "expected prevSeq 5, got 7");
        JsonNode json = MAPPER.readTree(EventJson.toJson(status));
        assertEquals("status", json.get("type").asText());
        assertEquals("gap", json.get("kind").asText());
        assertEquals("expected prevSeq 5, got 7", json.get("reason").asText());
        assertEquals("BTC/USDT", json.get("symbol").asText());
    }

    @Test
    void dividendsAndSplitsAreDatedByTheirEventDateAndNameTheNativeSymbol()
            throws Exception
    {
        Instrument aapl = Instrument.builder("yahoo", "equity", "AAPL").kind(MarketKind.EQUITY).quote("USD").build();
        JsonNode dividend = MAPPER.readTree(EventJson.toJson(new Dividend(aapl, 1_604_673_000_000_000_000L, 1_740_052_062_000_000_000L, Decimal.parse("0.205"), "USD")));
        assertEquals("dividend", dividend.get("type").asText());
        assertEquals("AAPL", dividend.get("native").asText());
        assertEquals(1_604_673_000_000L, dividend.get("ts").asLong());
        assertEquals("0.205", dividend.get("amount").asText());
        assertEquals("USD", dividend.get("currency").asText());
        JsonNode split = MAPPER.readTree(EventJson.toJson(new Split(aapl, 1_598_880_600_000_000_000L, 1_740_052_062_000_000_000L, Decimal.parse("4"), Decimal.ONE)));
        assertEquals("split", split.get("type").asText());
        assertEquals(1_598_880_600_000L, split.get("ts").asLong());
        assertEquals("4", split.get("numerator").asText());
        assertEquals("1", split.get("denominator").asText());
    }
}
