package io.marketpipe.core.internal.aggregate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.aggregate.ConsensusMode;
import io.marketpipe.core.aggregate.ConsolidatedView;
import io.marketpipe.core.aggregate.SourceView;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.fakes.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossVenueAggregatorTest
{
    private static final Instrument A_BTC = Instrument.spot("venuea", "BTCUSDT", "BTC", "USDT");
    private static final Instrument B_BTC = Instrument.spot("venueb", "BTC-USDT", "BTC", "USDT");
    private static final Instrument C_BTC = Instrument.spot("venuec", "btcusdt", "BTC", "USDT");
    private static final Instrument A_ETH = Instrument.spot("venuea", "ETHUSDT", "ETH", "USDT");
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final ManualClock clock = new ManualClock(T0);
    private final CountingMetrics metrics = new CountingMetrics();
    private final List<MarketEvent> output = new ArrayList<>();
    private final Map<String, Integer> scores = new HashMap<>();
    private final QualityScores quality = (source, instrument) -> scores.containsKey(source) ? OptionalInt.of(scores.get(source)) : OptionalInt.empty();

    @Test
    void bestBidAndOfferAndMergedBookAcrossSources()
    {
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.AVERAGE, Map.of(), Set.of());
        aggregator.observe("a", depth(A_BTC, T0, List.of(level("100", "1"), level("99", "2")), List.of(level("101", "1"), level("102", "3"))));
        aggregator.observe("b", depth(B_BTC, T0, List.of(level("100.50", "0.5"), level("100.0", "0.5")), List.of(level("101.5", "2"))));

        ConsolidatedView view = aggregator.view("BTC/USDT", MarketKind.SPOT).orElseThrow();
        assertEquals(new ConsolidatedView.SourcePrice("b", Decimal.parse("100.50"), Decimal.parse("0.5")), view.bestBid());
        assertEquals(new ConsolidatedView.SourcePrice("a", Decimal.parse("101"), Decimal.parse("1")), view.bestAsk());
        assertEquals(Decimal.parse("0.5"), view.spread());
        assertEquals(0.5 / 100.75 * 10_000, view.spreadBps(), 1e-9);
        assertEquals(List.of(
                new ConsolidatedView.MergedLevel(Decimal.parse("100.5"), Decimal.parse("0.5"), Map.of("b", Decimal.parse("0.5"))),
                new ConsolidatedView.MergedLevel(Decimal.parse("100"), Decimal.parse("1.5"), Map.of("a", Decimal.parse("1"), "b", Decimal.parse("0.5"))),
                new ConsolidatedView.MergedLevel(Decimal.parse("99"), Decimal.parse("2"), Map.of("a", Decimal.parse("2")))), view.bids());
        assertEquals(List.of(Decimal.parse("101"), Decimal.parse("101.5"), Decimal.parse("102")), view.asks().stream().map(ConsolidatedView.MergedLevel::price).toList());
        assertEquals((4.0 - 6.0) / 10.0, view.bookImbalance(), 1e-12);
        // mids 100.5 and 101
        assertEquals(Decimal.parse("100.75"), view.consensus().price());
        assertEquals(List.of("a", "b"), view.consensus().sources());
    }

    @Test
    void staleSourceIsLeftOutOfTheConsolidatedView()
    {
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.AVERAGE, Map.of(), Set.of());
        aggregator.observe("a", quote(A_BTC, T0, "100", "101"));
        aggregator.observe("b", quote(B_BTC, T0, "100.5", "100.9"));
        aggregator.observe("a", quote(A_BTC, clock.advance(Duration.ofSeconds(5)), "100", "101"));

        ConsolidatedView view = aggregator.view("BTC/USDT", MarketKind.SPOT).orElseThrow();
        assertEquals("a", view.bestBid().source());
        assertEquals("a", view.bestAsk().source());
        assertEquals(Decimal.parse("100.5"), view.consensus().price());
        SourceView stale = view.source("b").orElseThrow();
        assertFalse(stale.healthy());
        assertEquals("has had no data for 5.0 s (stale after 5.0 s)", stale.problem());
        assertEquals(Decimal.parse("100.7"), stale.price());
    }

    @Test
    void buyPressureWeighsRecentTradesOfEverySource()
    {
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.LATEST, Map.of(), Set.of());
        aggregator.observe("a", trade(A_BTC, T0, "100", "3", Side.BUY));
        aggregator.observe("b", trade(B_BTC, T0, "100.1", "1", Side.SELL));
        assertEquals(0.75, aggregator.view("BTC/USDT", MarketKind.SPOT).orElseThrow().buyPressure(), 1e-12);

        long later = clock.advance(Duration.ofSeconds(60));
        aggregator.observe("a", trade(A_BTC, later, "100", "1", Side.SELL));
        aggregator.observe("b", trade(B_BTC, later, "100.2", "0.5", Side.SELL));
        // one half-life later the first trades count half: buys 1.5, sells 0.5 + 1.5
        ConsolidatedView view = aggregator.view("BTC/USDT", MarketKind.SPOT).orElseThrow();
        assertEquals(1.5 / 3.5, view.buyPressure(), 1e-9);
        assertTrue(Double.isNaN(view.bookImbalance()), "no book yet");
    }

    @Test
    void consensusFollowsTheConfiguredMode()
    {
        scores.put("a", 90);
        scores.put("b", 60);
        assertEquals(Decimal.parse("100.5"), consensus(ConsensusMode.PRIMARY, Map.of("BTC/USDT", "a")));
        assertEquals(Decimal.parse("100.3"), consensus(ConsensusMode.PRIMARY, Map.of("BTC/USDT", "b")));
        assertEquals(Decimal.parse("100.5"), consensus(ConsensusMode.PRIMARY, Map.of()), "without a primary the first source to publish is active");
        assertEquals(Decimal.parse("100.3"), consensus(ConsensusMode.LATEST, Map.of()));
        assertEquals(Decimal.parse("100.4"), consensus(ConsensusMode.AVERAGE, Map.of()));
        // (90 x 100.5 + 60 x 100.3) / 150
        assertEquals(Decimal.parse("100.42"), consensus(ConsensusMode.QUALITY_WEIGHTED, Map.of()));
    }

    @Test
    void failsOverAtOnceWhenThePrimaryDisconnectsAndReturnsAfterItHasBeenHealthyLongEnough()
    {
        scores.put("a", 90);
        scores.put("b", 80);
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.PRIMARY, Map.of("BTC/USDT", "a"), Set.of());
        EventSink primary = aggregator.sink("a", event -> {});
        EventSink backup = aggregator.sink("b", event -> {});
        primary.accept(quote(A_BTC, T0, "100", "101"));
        backup.accept(quote(B_BTC, T0, "100.2", "100.4"));
        assertEquals("a", view(aggregator).activeSource());
        assertEquals(Decimal.parse("100.5"), view(aggregator).consensus().price());

        primary.accept(status("a", SourceStatus.Kind.DISCONNECTED, clock.advance(Duration.ofMillis(100)), "connection reset"));
        assertEquals(List.of(failover("b", B_BTC, "BTC/USDT (spot): consensus source a -> b: a is disconnected (connection reset)")), failovers());
        ConsolidatedView failedOver = view(aggregator);
        assertEquals("b", failedOver.activeSource());
        assertEquals("a", failedOver.primarySource());
        assertEquals(Decimal.parse("100.3"), failedOver.consensus().price());
        assertEquals(new ConsolidatedView.Failover("a", "b", "a is disconnected (connection reset)", T0 + 100_000_000L), failedOver.lastFailover());
        assertEquals(1, metrics.count("aggregation.failovers"));
        assertEquals(1, metrics.count("aggregation.spot.BTC/USDT.failovers"));

        primary.accept(status("a", SourceStatus.Kind.CONNECTED, clock.advance(Duration.ofSeconds(1)), "connected"));
        aggregator.evaluate();
        assertEquals("has sent no data since it reconnected", view(aggregator).source("a").orElseThrow().problem(),
                "its quotes from before the disconnect are not stale yet, but count no more");
        long recovered = 0;
        for (int second = 1; second <= 12; second++) {
            long now = clock.advance(Duration.ofSeconds(1));
            primary.accept(quote(A_BTC, now, "100", "101"));
            backup.accept(quote(B_BTC, now, "100.2", "100.4"));
            aggregator.evaluate();
            if (recovered == 0 && failovers().size() == 2) {
                recovered = now;
            }
        }
        assertEquals(T0 + 100_000_000L + 12 * SECOND, recovered, "the primary took over once healthy for return-after (10 s) from its first fresh data");
        assertEquals(failover("a", A_BTC, "BTC/USDT (spot): consensus source b -> a: a recovered: healthy for 10.0 s with quality 90"), failovers().get(1));
        assertEquals("a", view(aggregator).activeSource());
        assertEquals(2, view(aggregator).failovers());
        assertEquals(2, metrics.count("aggregation.failovers"));
    }

    @Test
    void failsOverWhenThePrimaryGoesStaleButNotBefore()
    {
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.PRIMARY, Map.of("BTC/USDT", "a"), Set.of());
        aggregator.observe("a", quote(A_BTC, T0, "100", "101"));
        for (int second = 1; second <= 5; second++) {
            aggregator.observe("b", quote(B_BTC, clock.advance(Duration.ofSeconds(1)), "100.2", "100.4"));
            aggregator.evaluate();
            if (second < 5) {
                assertEquals(List.of(), failovers(), "switched before stale-after at second " + second);
            }
        }
        assertEquals(List.of(failover("b", B_BTC, "BTC/USDT (spot): consensus source a -> b: a has had no data for 5.0 s (stale after 5.0 s)")), failovers());
        assertEquals(T0 + 5 * SECOND, view(aggregator).lastFailover().atNanos());
        assertEquals(1, metrics.gauge("aggregation.spot.BTC/USDT.healthy-sources"));
    }

    @Test
    void failsOverWhenThePrimaryDegradesAndReturnsOnlyAboveReturnQuality()
    {
        scores.put("a", 45);
        scores.put("b", 80);
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.PRIMARY, Map.of("BTC/USDT", "a"), Set.of());
        publishBoth(aggregator);
        aggregator.evaluate();
        assertEquals(List.of(failover("b", B_BTC, "BTC/USDT (spot): consensus source a -> b: a has quality 45, below 50")), failovers());

        scores.put("a", 60);
        for (int second = 0; second < 20; second++) {
            clock.advance(Duration.ofSeconds(1));
            publishBoth(aggregator);
            aggregator.evaluate();
        }
        assertEquals("b", view(aggregator).activeSource(), "healthy again, but below return-quality");

        scores.put("a", 75);
        for (int second = 0; second <= 10; second++) {
            clock.advance(Duration.ofSeconds(1));
            publishBoth(aggregator);
            aggregator.evaluate();
        }
        assertEquals("a", view(aggregator).activeSource());
        assertEquals("a recovered: healthy for 10.0 s with quality 75", view(aggregator).lastFailover().reason());
    }

    @Test
    void failsOverToTheHealthiestAlternative()
    {
        scores.put("a", 90);
        scores.put("b", 60);
        scores.put("c", 95);
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.PRIMARY, Map.of("BTC/USDT", "a"), Set.of());
        aggregator.observe("a", quote(A_BTC, T0, "100", "101"));
        aggregator.observe("b", quote(B_BTC, T0, "100", "101"));
        aggregator.observe("c", quote(C_BTC, T0, "100", "101"));
        aggregator.observe("a", status("a", SourceStatus.Kind.RECONNECTING, T0, "reconnecting after: timeout"));
        assertEquals("c", view(aggregator).activeSource());
        assertEquals(1, failovers().size());
    }

    @Test
    void staysWithTheActiveSourceWhenNoAlternativeIsHealthy()
    {
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.AVERAGE, Map.of("BTC/USDT", "a"), Set.of());
        aggregator.observe("a", quote(A_BTC, T0, "100", "101"));
        aggregator.observe("b", quote(B_BTC, T0, "100.2", "100.4"));
        clock.advance(Duration.ofSeconds(6));
        aggregator.evaluate();

        ConsolidatedView view = view(aggregator);
        assertEquals(List.of(), failovers());
        assertEquals("a", view.activeSource());
        assertNull(view.bestBid());
        assertTrue(view.bids().isEmpty());
        assertTrue(view.consensus().fallback(), "the active source's last price stands in");
        assertEquals(Decimal.parse("100.5"), view.consensus().price());
        assertEquals(0, metrics.gauge("aggregation.spot.BTC/USDT.healthy-sources"));
    }

    @Test
    void primaryThatNeverPublishesIsFailedOverFromAfterStaleAfter()
    {
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.PRIMARY, Map.of("BTC/USDT", "a"), Set.of());
        aggregator.observe("b", quote(B_BTC, T0, "100.2", "100.4"));
        aggregator.evaluate();
        assertEquals("a", view(aggregator).activeSource(), "the primary has stale-after to start");
        assertNull(view(aggregator).source("a").orElseThrow().instrument());

        aggregator.observe("b", quote(B_BTC, clock.advance(Duration.ofSeconds(5)), "100.2", "100.4"));
        aggregator.evaluate();
        assertEquals(List.of(failover("b", B_BTC, "BTC/USDT (spot): consensus source a -> b: a has sent no data in the 5.0 s since aggregation began")), failovers());
    }

    @Test
    void fundingRatesAcrossPerpetualSources()
    {
        Instrument aPerpetual = perpetual("venuea");
        Instrument bPerpetual = perpetual("venueb");
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.AVERAGE, Map.of(), Set.of());
        FundingRate aFunding = new FundingRate(aPerpetual, T0, T0, Decimal.parse("0.00010000"), 0, Decimal.parse("60000.1"), null);
        FundingRate bFunding = new FundingRate(bPerpetual, T0, T0, Decimal.parse("0.0003"), 0, Decimal.parse("60000.5"), null);
        aggregator.observe("a", aFunding);
        aggregator.observe("b", bFunding);

        ConsolidatedView view = aggregator.view("BTC/USDT:USDT", MarketKind.PERPETUAL).orElseThrow();
        assertEquals(Map.of("a", aFunding, "b", bFunding), view.funding().rates());
        assertEquals(Decimal.parse("0.0002"), view.funding().mean());
        assertTrue(aggregator.view("BTC/USDT", MarketKind.SPOT).isEmpty());
    }

    @Test
    void consolidatesOnlyTheConfiguredInstruments()
    {
        CrossVenueAggregator aggregator = aggregator(ConsensusMode.AVERAGE, Map.of(), Set.of("BTC/USDT"));
        aggregator.observe("a", quote(A_BTC, T0, "100", "101"));
        aggregator.observe("a", quote(A_ETH, T0, "3000", "3001"));
        assertEquals(List.of(new ConsolidatedView.AggregateKey("BTC/USDT", MarketKind.SPOT)), aggregator.views().stream().map(ConsolidatedView::key).toList());
    }

    @Test
    void disabledAggregationLeavesTheChainAlone()
    {
        EventSink downstream = output::add;
        CrossVenueAggregator disabled = new CrossVenueAggregator(
                AggregationSettings.from(ConfigFactory.defaultReference(), Set.of()), clock, quality, output::add, metrics);
        assertFalse(disabled.settings().enabled());
        assertSame(downstream, disabled.sink("a", downstream));
    }

    @Test
    void settingsReadFromConfiguration()
    {
        AggregationSettings settings = AggregationSettings.from(config("""
                enabled = true
                instruments = [BTC/USDT, "BTC/USDT:USDT"]
                consensus = primary
                primary { "BTC/USDT" = binance-spot, "BTC/USDT:USDT" = binance-usdm }
                stale-after = 2s
                """), Set.of("binance-spot", "binance-usdm"));
        assertTrue(settings.enabled());
        assertEquals(Set.of("BTC/USDT", "BTC/USDT:USDT"), settings.instruments());
        assertEquals(ConsensusMode.PRIMARY, settings.consensus());
        assertEquals(Map.of("BTC/USDT", "binance-spot", "BTC/USDT:USDT", "binance-usdm"), settings.primary());
        assertEquals(Duration.ofSeconds(2), settings.staleAfter());
        assertTrue(AggregationSettings.from(config("instruments = all"), Set.of()).includes("ETH/BTC"));
    }

    @Test
    void settingsNameThePathOfAnUnknownPrimaryOrMode()
    {
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> AggregationSettings.from(config("primary { \"BTC/USDT\" = binance-sopt }"), Set.of("binance-spot")));
        assertEquals("marketpipe.aggregation.primary.\"BTC/USDT\"", unknown.path());
        assertTrue(unknown.getMessage().contains("configured: binance-spot"), unknown.getMessage());

        ConfigurationException mode = assertThrows(ConfigurationException.class, () -> AggregationSettings.from(config("consensus = median"), Set.of()));
        assertEquals("marketpipe.aggregation.consensus", mode.path());
    }

    private Decimal consensus(ConsensusMode mode, Map<String, String> primary)
    {
        CrossVenueAggregator aggregator = aggregator(mode, primary, Set.of());
        aggregator.observe("a", quote(A_BTC, T0, "100", "101"));
        aggregator.observe("b", quote(B_BTC, T0 + SECOND / 2, "100.2", "100.4"));
        return aggregator.view("BTC/USDT", MarketKind.SPOT).orElseThrow().consensus().price();
    }

    private void publishBoth(CrossVenueAggregator aggregator)
    {
        aggregator.observe("a", quote(A_BTC, clock.nowNanos(), "100", "101"));
        aggregator.observe("b", quote(B_BTC, clock.nowNanos(), "100.2", "100.4"));
    }

    private CrossVenueAggregator aggregator(ConsensusMode mode, Map<String, String> primary, Set<String> instruments)
    {
        AggregationSettings settings = new AggregationSettings(true, instruments, mode, primary, Duration.ofSeconds(5), 50, 70,
                Duration.ofSeconds(10), 20, Duration.ofMinutes(1), Duration.ofMillis(250));
        return new CrossVenueAggregator(settings, clock, quality, output::add, metrics);
    }

    private ConsolidatedView view(CrossVenueAggregator aggregator)
    {
        return aggregator.view("BTC/USDT", MarketKind.SPOT).orElseThrow();
    }

    private List<Switch> failovers()
    {
        return output.stream()
                .map(SourceStatus.class::cast)
                .peek(status -> assertEquals(SourceStatus.Kind.FAILOVER, status.kind()))
                .map(status -> new Switch(status.source(), status.instrument(), status.reason()))
                .toList();
    }

    private static Switch failover(String to, Instrument instrument, String reason)
    {
        return new Switch(to, instrument, reason);
    }

    private static Config config(String aggregation)
    {
        return ConfigFactory.parseString("marketpipe.aggregation {\n" + aggregation + "\n}").withFallback(ConfigFactory.defaultReference()).resolve();
    }

    private static Instrument perpetual(String venue)
    {
        return Instrument.builder(venue, "usdm", "BTCUSDT").base("BTC").quote("USDT").settle("USDT").kind(MarketKind.PERPETUAL).build();
    }

    private static PriceLevel level(String price, String size)
    {
        return PriceLevel.parse(price, size);
    }

    private static BookDepth depth(Instrument instrument, long at, List<PriceLevel> bids, List<PriceLevel> asks)
    {
        return new BookDepth(instrument, at, at, 1, bids, asks, false);
    }

    private static Quote quote(Instrument instrument, long at, String bid, String ask)
    {
        return new Quote(instrument, at, at, -1, Decimal.parse(bid), Decimal.ONE, Decimal.parse(ask), Decimal.ONE);
    }

    private static Trade trade(Instrument instrument, long at, String price, String size, Side side)
    {
        return new Trade(instrument, at, at, Long.toString(at), Decimal.parse(price), Decimal.parse(size), side, false);
    }

    private static SourceStatus status(String source, SourceStatus.Kind kind, long at, String reason)
    {
        return new SourceStatus(source, "venue" + source, "spot", null, 0, at, kind, reason);
    }

    /**
     * What a test checks of a failover status: the source switched to, its instrument and the reason.
     */
    private record Switch(String to, Instrument instrument, String reason) {}
}
