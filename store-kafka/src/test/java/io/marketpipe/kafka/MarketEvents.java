package io.marketpipe.kafka;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.BookSnapshot;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Canonical events for the tests: the instruments of several venues and markets, and a realistic
 * session of trades, books, quotes, tickers, candles, funding, indicator values and statuses that
 * passes the runtime's validation.
 */
final class MarketEvents
{
    static final Instrument BINANCE_BTC = Instrument.builder("binance", "spot", "BTCUSDT")
            .base("BTC").quote("USDT").kind(MarketKind.SPOT).tickSize(Decimal.parse("0.01")).lotSize(Decimal.parse("0.00001")).build();
    static final Instrument BINANCE_ETH = Instrument.spot("binance", "ETHUSDT", "ETH", "USDT");
    static final Instrument BINANCE_BTC_PERPETUAL = Instrument.builder("binance", "usdm", "BTCUSDT")
            .base("BTC").quote("USDT").settle("USDT").kind(MarketKind.PERPETUAL).tickSize(Decimal.parse("0.10")).lotSize(Decimal.parse("0.001")).build();
    static final Instrument OKX_BTC = Instrument.builder("okx", "spot", "BTC-USDT").base("BTC").quote("USDT").kind(MarketKind.SPOT).build();
    static final Instrument OKX_BTC_FUTURE = Instrument.builder("okx", "futures", "BTC-USD-240927")
            .base("BTC").quote("USD").settle("BTC").expiry("240927").kind(MarketKind.FUTURE).tickSize(Decimal.parse("0.1")).build();
    static final Instrument KRAKEN_BTC = Instrument.builder("kraken", "spot", "XBT/USD").base("BTC").quote("USD").kind(MarketKind.SPOT).build();
    static final Instrument YAHOO_AAPL = Instrument.builder("yahoo", "equity", "AAPL").base("AAPL").quote("USD").kind(MarketKind.EQUITY).build();

    static final List<Instrument> INSTRUMENTS = List.of(BINANCE_BTC, BINANCE_ETH, BINANCE_BTC_PERPETUAL, OKX_BTC, OKX_BTC_FUTURE, KRAKEN_BTC, YAHOO_AAPL);

    private static final CandleInterval MINUTE = CandleInterval.parse("1m");
    private static final long START_MILLIS = 1_723_161_240_000L;

    private MarketEvents() {}

    /**
     * One event of every type of the model, with optional fields both set and left out.
     */
    static List<MarketEvent> everyType()
    {
        long venue = START_MILLIS * 1_000_000 + 342_123;
        long received = venue + 1_254_087_896L;
        return List.of(
                new Trade(BINANCE_BTC, venue, received, "3735683259", Decimal.parse("61837.63000000"), Decimal.parse("0.02000000"), Side.SELL, false),
                new Trade(OKX_BTC_FUTURE, venue, received, "a-7f3", Decimal.parse("61900.1"), Decimal.parse("3"), Side.UNKNOWN, true),
                new BookDepth(BINANCE_BTC, venue, received, 50093239224L,
                        List.of(PriceLevel.parse("61837.63", "3.78826"), PriceLevel.parse("61837.62", "0.617")), List.of(PriceLevel.parse("61837.64", "1.54698")), false),
                new BookDepth(KRAKEN_BTC, 0, received, -1, List.of(), List.of(PriceLevel.parse("61840.0", "0.5")), true),
                new Quote(BINANCE_BTC_PERPETUAL, venue, received, 4_876_123_456L, Decimal.parse("61830.10"), Decimal.parse("12.001"), Decimal.parse("61830.20"), Decimal.parse("0.004")),
                new Quote(KRAKEN_BTC, venue, received, -1, Decimal.parse("61840.0"), Decimal.parse("1"), Decimal.parse("61841.5"), Decimal.parse("2.25")),
                new Ticker(BINANCE_ETH, venue, received, Decimal.parse("2612.55"), Decimal.parse("2612.54"), Decimal.parse("10.5"), Decimal.parse("2612.56"), Decimal.parse("3.2"),
                        Decimal.parse("2500.00"), Decimal.parse("2650.00"), Decimal.parse("2490.10"), Decimal.parse("412345.6789"), Decimal.parse("1064123456789.123456789012345")),
                new Ticker(YAHOO_AAPL, 0, received, Decimal.parse("218.24"), null, null, null, null, null, null, null, null, null),
                new Candle(BINANCE_BTC, venue, received, MINUTE, START_MILLIS, Decimal.parse("61800.00"), Decimal.parse("61850.00"), Decimal.parse("61790.01"),
                        Decimal.parse("61837.63"), Decimal.parse("12.5"), Decimal.parse("772970.375"), 1234, Decimal.parse("61837.63"), Decimal.parse("7.5"), Decimal.parse("5.0"),
                        CandleSource.BUILT, true, 2),
                new Candle(OKX_BTC, 0, received, CandleInterval.parse("1M"), START_MILLIS, Decimal.parse("60000"), Decimal.parse("62000"), Decimal.parse("59000"),
                        Decimal.parse("61000"), Decimal.parse("0"), null, -1, null, null, null, CandleSource.VENUE, false, 0),
                new FundingRate(BINANCE_BTC_PERPETUAL, venue, received, Decimal.parse("0.00010000"), 1_723_190_400_000L, Decimal.parse("61830.12345678"), Decimal.parse("61825.5")),
                new FundingRate(BINANCE_BTC_PERPETUAL, venue, received, Decimal.parse("-0.0003"), 0, null, null),
                new IndicatorValue(BINANCE_BTC, venue, received, "bollinger20", MINUTE, START_MILLIS, 61812.34567890123, Map.of("upper", 61900.5, "lower", 61724.19090909)),
                new IndicatorValue(KRAKEN_BTC, 0, received, "pressure", null, START_MILLIS, -0.1, Map.of()),
                new IndicatorValue(YAHOO_AAPL, 0, received, "rsi14", MINUTE, START_MILLIS, Double.NaN, Map.of("signal", Double.POSITIVE_INFINITY)),
                new Dividend(YAHOO_AAPL, 1_604_673_000_000_000_000L, received, Decimal.parse("0.205"), "USD"),
                new Dividend(YAHOO_AAPL, 1_604_673_000_000_000_000L, received, Decimal.parse("0.24"), null),
                new Split(YAHOO_AAPL, 1_598_880_600_000_000_000L, received, Decimal.parse("4"), Decimal.ONE),
                new SourceStatus("binance-spot", "binance", "spot", null, 0, received, SourceStatus.Kind.CONNECTED, "connected to wss://stream.binance.com:9443/stream"),
                new SourceStatus("binance-spot", "binance", "spot", BINANCE_BTC, venue, received, SourceStatus.Kind.GAP, "update 50093239226 expected, got 50093239230"),
                new BookSnapshot(OKX_BTC, venue, received, 123_456_789L, List.of(PriceLevel.parse("61830.1", "0.5")), List.of(PriceLevel.parse("61830.2", "0.25")), -1_234_567_890L),
                new BookSnapshot(BINANCE_BTC, 0, received, -1, List.of(), List.of()),
                new BookDelta(OKX_BTC, venue, received, 123_456_789L, 123_456_790L, List.of(PriceLevel.parse("61830.1", "0")), List.of(), 987_654_321L),
                new BookDelta(KRAKEN_BTC, venue, received, -1, -1, List.of(), List.of(PriceLevel.parse("61841.5", "1.25"))));
    }

    /**
     * A session over every instrument: for each of {@code steps} seconds, every instrument trades
     * twice and publishes its book top, a quote and a ticker; perpetuals publish funding; candles
     * and indicator values follow each minute, statuses now and then. Ordered by time, and valid.
     */
    static List<MarketEvent> session(String source, int steps)
    {
        Map<Instrument, Long> tradeIds = new LinkedHashMap<>();
        List<MarketEvent> events = new ArrayList<>();
        events.add(new SourceStatus(source, "binance", "spot", null, 0, nanos(0) + 1, SourceStatus.Kind.CONNECTED, "connected"));
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < INSTRUMENTS.size(); i++) {
                Instrument instrument = INSTRUMENTS.get(i);
                long venue = nanos(step * 1000L + i);
                long received = venue + 1_500_000;
                Decimal price = Decimal.of(6_180_000 + (step * 7L + i * 13L) % 500, 2);
                Decimal ask = price.add(Decimal.of(1, 2));
                for (int trade = 0; trade < 2; trade++) {
                    long id = tradeIds.merge(instrument, 1L, Long::sum);
                    events.add(new Trade(instrument, venue + trade, received + trade, Long.toString(1_000_000 + id), price, Decimal.of(1 + id % 9, 3),
                            id % 2 == 0 ? Side.BUY : Side.SELL, false));
                }
                events.add(new BookDepth(instrument, venue, received, step * 10L + i,
                        List.of(new PriceLevel(price, Decimal.parse("1.5")), new PriceLevel(price.subtract(Decimal.of(1, 2)), Decimal.parse("0.25"))),
                        List.of(new PriceLevel(ask, Decimal.parse("2.0"))), step == 0));
                events.add(new Quote(instrument, venue, received, step, price, Decimal.parse("1.5"), ask, Decimal.parse("2.0")));
                if (step % 5 == 0) {
                    events.add(new Ticker(instrument, venue, received, price, price, Decimal.ONE, ask, Decimal.ONE,
                            Decimal.parse("61000.00"), Decimal.parse("62000.00"), Decimal.parse("60500.00"), Decimal.parse("1234.5"), null));
                }
                if (instrument.kind() == MarketKind.PERPETUAL) {
                    events.add(new FundingRate(instrument, venue, received, Decimal.parse("0.0001"), 1_723_190_400_000L, price, price));
                }
                if (step % 60 == 59) {
                    long open = START_MILLIS + (step - 59) * 1000L;
                    events.add(new Candle(instrument, 0, received, MINUTE, open, price, ask, price, price, Decimal.parse("0.5"), null, 120, null, null, null,
                            CandleSource.BUILT, true, 0));
                    events.add(new IndicatorValue(instrument, 0, received, "ema21", MINUTE, open, 61812.5 + step, Map.of()));
                }
                if (step % 45 == 44) {
                    events.add(new SourceStatus(source, instrument.venue(), instrument.market(), instrument, 0, received, SourceStatus.Kind.RESYNC, "book resynchronised"));
                }
            }
        }
        return events;
    }

    private static long nanos(long offsetMillis)
    {
        return (START_MILLIS + offsetMillis) * 1_000_000;
    }

    /**
     * Groups events by the order Kafka keeps: per topic (when {@code byType}) and record key.
     *
     * @return the events of each group, in their order
     */
    static Map<String, List<MarketEvent>> byKey(List<MarketEvent> events, boolean byType)
    {
        Function<MarketEvent, String> key = event -> (byType ? event.type() + "|" : "")
                + (event.instrument() != null ? event.instrument().key() : ((SourceStatus) event).source());
        Map<String, List<MarketEvent>> groups = new LinkedHashMap<>();
        for (MarketEvent event : events) {
            groups.computeIfAbsent(key.apply(event), k -> new ArrayList<>()).add(event);
        }
        return groups;
    }
}
