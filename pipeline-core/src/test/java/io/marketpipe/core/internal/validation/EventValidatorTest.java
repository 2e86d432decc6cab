package io.marketpipe.core.internal.validation;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventValidatorTest
{
    private static final Instrument BTC = Instrument.spot("test", "BTCUSDT", "BTC", "USDT");
    private static final Instrument ETH = Instrument.spot("test", "ETHUSDT", "ETH", "USDT");
    // 2024-08-09T00:00:00Z
    private static final long NOW = 1_723_161_600_000_000_000L;

    private final EventValidator validator = new EventValidator(settings(""));

    @Test
    void validEventsPass()
    {
        List<MarketEvent> valid = List.of(
                trade(BTC, "1", "61837.63", "0.5"),
                trade(BTC, "2", "61837.64", "0"),
                new Quote(BTC, NOW, NOW, 7, d("100"), d("1"), d("100"), d("2")),
                new Quote(BTC, NOW, NOW, 8, d("0"), d("0"), d("101"), d("2")),
                new Ticker(BTC, 0, NOW, d("100"), null, null, null, null, d("90"), d("110"), d("89"), d("1000"), null),
                candle("100", "110", "95", "105", "3"),
                candle("100", "100", "100", "100", "0"),
                new FundingRate(BTC, NOW, NOW, d("-0.0001"), 0, d("100"), null),
                new BookDepth(BTC, NOW, NOW, 1, List.of(PriceLevel.parse("99", "1")), List.of(PriceLevel.parse("101", "2")), true),
                new SourceStatus("test-spot", "test", "spot", null, 0, 0, SourceStatus.Kind.CONNECTED, "connected"));
        for (MarketEvent event : valid) {
            assertEquals(Optional.empty(), validator.check(event), event.toString());
        }
    }

    @Test
    void nonPositivePricesAreRejected()
    {
        assertRejected(Rejection.NON_POSITIVE_PRICE, "trade 1: price -5 is not positive", trade(BTC, "1", "-5", "1"));
        assertRejected(Rejection.NON_POSITIVE_PRICE, "trade 2: price 0 is not positive", trade(BTC, "2", "0", "1"));
        assertRejected(Rejection.NON_POSITIVE_PRICE, "bid -1 is not positive", new Quote(BTC, NOW, NOW, 1, d("-1"), d("1"), d("2"), d("1")));
        assertRejected(Rejection.NON_POSITIVE_PRICE, "ask 0 is not positive", new Quote(BTC, NOW, NOW, 1, d("1"), d("1"), d("0"), d("1")));
        assertRejected(Rejection.NON_POSITIVE_PRICE, "last 0 is not positive", new Ticker(BTC, 0, NOW, d("0"), null, null, null, null, null, null, null, null, null));
        assertRejected(Rejection.NON_POSITIVE_PRICE, "low -95 is not positive", candle("100", "110", "-95", "105", "1"));
        assertRejected(Rejection.NON_POSITIVE_PRICE, "mark price 0 is not positive", new FundingRate(BTC, NOW, NOW, d("0.0001"), 0, d("0"), null));
        assertRejected(Rejection.NON_POSITIVE_PRICE, "ask level price -101 is not positive",
                new BookDepth(BTC, NOW, NOW, 1, List.of(), List.of(PriceLevel.parse("-101", "2")), true));
    }

    @Test
    void negativeSizesAreRejected()
    {
        assertRejected(Rejection.NEGATIVE_SIZE, "trade 1: size -0.5 is negative", trade(BTC, "1", "100", "-0.5"));
        assertRejected(Rejection.NEGATIVE_SIZE, "volume -3 is negative", candle("100", "110", "95", "105", "-3"));
        assertRejected(Rejection.NEGATIVE_SIZE, "bid size -1 is negative", new Quote(BTC, NOW, NOW, 1, d("1"), d("-1"), d("2"), d("1")));
        assertRejected(Rejection.NEGATIVE_SIZE, "bid level 99 size -1 is negative",
                new BookDepth(BTC, NOW, NOW, 1, List.of(PriceLevel.parse("99", "-1")), List.of(), false));
    }

    @Test
    void candlesMustKeepOhlcIntegrity()
    {
        assertRejected(Rejection.OHLC_INTEGRITY, "high 104", candle("100", "104", "95", "105", "1"));
        assertRejected(Rejection.OHLC_INTEGRITY, "low 101", candle("100", "110", "101", "105", "1"));
        assertRejected(Rejection.OHLC_INTEGRITY, "high 100 is below low 101", new Ticker(BTC, 0, NOW, null, null, null, null, null, null, d("100"), d("101"), null, null));
    }

    @Test
    void crossedQuotesAreRejected()
    {
        assertRejected(Rejection.CROSSED_QUOTE, "bid 101 is above ask 100", new Quote(BTC, NOW, NOW, 1, d("101"), d("1"), d("100"), d("1")));
    }

    @Test
    void insaneTimestampsAreRejected()
    {
        assertRejected(Rejection.BAD_TIMESTAMP, "negative timestamp", new Trade(BTC, -1, NOW, "1", d("100"), d("1"), Side.BUY, false));
        assertRejected(Rejection.BAD_TIMESTAMP, "negative timestamp", new Trade(BTC, NOW, -5, "2", d("100"), d("1"), Side.BUY, false));
        assertRejected(Rejection.BAD_TIMESTAMP, "neither a venue nor a receive time", new Trade(BTC, 0, 0, "3", d("100"), d("1"), Side.BUY, false));
        assertRejected(Rejection.FUTURE_TIMESTAMP, "venue time is PT11S ahead of the receive time (at most PT10S allowed)",
                new Trade(BTC, NOW + Duration.ofSeconds(11).toNanos(), NOW, "4", d("100"), d("1"), Side.BUY, false));
        assertEquals(Optional.empty(), validator.check(new Trade(BTC, NOW + Duration.ofSeconds(9).toNanos(), NOW, "5", d("100"), d("1"), Side.BUY, false)),
                "a venue clock a little ahead is tolerated");
        assertEquals(Optional.empty(), validator.check(new Trade(BTC, NOW, 0, "6", d("100"), d("1"), Side.BUY, false)),
                "a capture without receive times still has the venue time");
    }

    @Test
    void duplicateTradesAreRejectedPerInstrument()
    {
        assertEquals(Optional.empty(), validator.check(trade(BTC, "10", "100", "1")));
        assertRejected(Rejection.DUPLICATE_TRADE, "trade 10 was already received", trade(BTC, "10", "100", "1"));
        assertEquals(Optional.empty(), validator.check(trade(ETH, "10", "100", "1")), "ids are per instrument");
        assertEquals(Optional.empty(), validator.check(trade(BTC, "a-1", "100", "1")));
        assertRejected(Rejection.DUPLICATE_TRADE, "trade a-1 was already received", trade(BTC, "a-1", "100", "1"));
    }

    @Test
    void aQuoteReceivedTwiceIsRejected()
    {
        Quote quote = new Quote(BTC, NOW, NOW + 5, 41, d("100.1"), d("2"), d("100.2"), d("3"));
        assertEquals(Optional.empty(), validator.check(quote));
        assertRejected(Rejection.DUPLICATE_QUOTE, "quote 41 was already received", new Quote(BTC, NOW, NOW + 9, 41, d("100.1"), d("2"), d("100.2"), d("3")));
        assertEquals(Optional.empty(), validator.check(new Quote(ETH, NOW, NOW + 5, 41, d("100.1"), d("2"), d("100.2"), d("3"))), "per instrument");
        assertEquals(Optional.empty(), validator.check(new Quote(BTC, NOW, NOW + 5, 42, d("100.1"), d("2"), d("100.2"), d("3"))), "the same prices in a new update");
        Quote unsequenced = new Quote(BTC, NOW, NOW + 5, 0, d("100.1"), d("2"), d("100.2"), d("3"));
        assertEquals(Optional.empty(), validator.check(unsequenced));
        assertEquals(Optional.empty(), validator.check(unsequenced), "without a sequence number a repeat cannot be told from an update");
    }

    @Test
    void outOfOrderTradesAreRejectedButBackfillsPass()
    {
        assertEquals(Optional.empty(), validator.check(trade(BTC, "100", "100", "1")));
        assertEquals(Optional.empty(), validator.check(trade(BTC, "102", "100", "1")));
        assertRejected(Rejection.OUT_OF_ORDER_TRADE, "trade 101 arrived after trade 102", trade(BTC, "101", "100", "1"));
        assertEquals(Optional.empty(), validator.check(new Trade(BTC, NOW, NOW, "101", d("100"), d("1"), Side.BUY, true)), "a REST backfill fills the gap");
        assertRejected(Rejection.DUPLICATE_TRADE, "trade 101 was already received", new Trade(BTC, NOW, NOW, "101", d("100"), d("1"), Side.BUY, true));

        EventValidator lenient = new EventValidator(settings("marketpipe.validation.reject-out-of-order-trades = false"));
        lenient.check(trade(BTC, "102", "100", "1"));
        assertEquals(Optional.empty(), lenient.check(trade(BTC, "101", "100", "1")));
    }

    @Test
    void tradeIdMemoryIsBounded()
    {
        EventValidator small = new EventValidator(settings("marketpipe.validation.trade-id-memory = 2"));
        for (String id : List.of("x", "y", "z")) {
            assertEquals(Optional.empty(), small.check(trade(BTC, id, "100", "1")));
        }
        assertEquals(Optional.empty(), small.check(trade(BTC, "x", "100", "1")), "forgotten after two newer ids");
        assertEquals(Rejection.DUPLICATE_TRADE, small.check(trade(BTC, "z", "100", "1")).orElseThrow().rejection());
    }

    @Test
    void rejectedTradeIdsAreNotRemembered()
    {
        validator.check(trade(BTC, "7", "-1", "1"));
        assertEquals(Optional.empty(), validator.check(trade(BTC, "7", "100", "1")));
    }

    @Test
    void sinkReplacesRejectedEventsWithCountedStatuses()
    {
        MetricRegistry registry = new MetricRegistry();
        List<MarketEvent> out = new ArrayList<>();
        ValidatingSink sink = new ValidatingSink("test-spot", validator, out::add, new DropwizardMetrics(registry, "connector.test-spot"));
        Trade good = trade(BTC, "1", "100", "1");
        sink.accept(good);
        sink.accept(trade(BTC, "2", "-100", "1"));
        sink.accept(good);

        assertEquals(3, out.size());
        assertSame(good, out.get(0));
        for (MarketEvent event : out.subList(1, 3)) {
            SourceStatus status = (SourceStatus) event;
            assertEquals(SourceStatus.Kind.REJECTED, status.kind());
            assertEquals("test-spot", status.source());
            assertEquals("test", status.venue());
            assertEquals(BTC, status.instrument());
            assertEquals(NOW, status.receivedNanos());
        }
        assertEquals("trade rejected: trade 2: price -100 is not positive", ((SourceStatus) out.get(1)).reason());
        assertEquals("trade rejected: trade 1 was already received", ((SourceStatus) out.get(2)).reason());
        assertEquals(1, registry.counter("connector.test-spot.validation.rejected.non-positive-price").getCount());
        assertEquals(1, registry.counter("connector.test-spot.validation.rejected.duplicate-trade").getCount());
        assertEquals(0, registry.counter("connector.test-spot.validation.rejected.ohlc-integrity").getCount());
    }

    @Test
    void outOfRangeSettingsNameThePath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings("marketpipe.validation.trade-id-memory = 0"));
        assertEquals("marketpipe.validation.trade-id-memory", e.path());
    }

    private void assertRejected(Rejection rejection, String message, MarketEvent event)
    {
        Violation violation = validator.check(event).orElseThrow(() -> new AssertionError("accepted: " + event));
        assertEquals(rejection, violation.rejection(), violation.message());
        assertTrue(violation.message().contains(message), violation.message());
    }

    private static ValidationSettings settings(String hocon)
    {
        return ValidationSettings.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseResources("reference.conf")).resolve());
    }

    private static Trade trade(Instrument instrument, String id, String price, String size)
    {
        return new Trade(instrument, NOW, NOW, id, d(price), d(size), Side.BUY, false);
    }

    private static Candle candle(String open, String high, String low, String close, String volume)
    {
        return new Candle(BTC, NOW, NOW, CandleInterval.parse("1m"), NOW / 1_000_000L, d(open), d(high), d(low), d(close), d(volume), null, -1, null, null, null,
                CandleSource.VENUE, true, 0);
    }

    private static Decimal d(String value)
    {
        return Decimal.parse(value);
    }
}
