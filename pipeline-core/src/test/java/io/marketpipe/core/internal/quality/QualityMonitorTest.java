package io.marketpipe.core.internal.quality;

import com.codahale.metrics.health.HealthCheck;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.quality.Freshness;
import io.marketpipe.core.quality.InstrumentQuality;
import io.marketpipe.core.quality.QualityComponents;
import io.marketpipe.core.quality.QualityLevel;
import io.marketpipe.core.quality.SourceQuality;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.fakes.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityMonitorTest
{
    private static final Instrument BTC = Instrument.spot("testvenue", "BTCUSD", "BTC", "USD");
    private static final Instrument ETH = Instrument.spot("testvenue", "ETHUSD", "ETH", "USD");
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String SOURCE = "venue-a";

    private final ManualClock clock = new ManualClock(T0);
    private final CountingMetrics metrics = new CountingMetrics();
    private final List<MarketEvent> out = new ArrayList<>();
    private final QualityMonitor monitor = new QualityMonitor(QualitySettings.from(ConfigFactory.defaultReference()), clock);
    private int tradeIds;

    @Test
    void freshCompleteSourceScoresFull()
    {
        EventSink sink = source(EnumSet.of(Channel.TRADES, Channel.QUOTES), List.of(BTC));
        sink.accept(trade(BTC, T0 + 100 * MILLI, 10 * MILLI));
        sink.accept(quote(BTC, T0 + 200 * MILLI));
        clock.advance(Duration.ofMillis(500));
        monitor.evaluate();

        SourceQuality source = monitor.source(SOURCE).orElseThrow();
        assertEquals(100, source.score());
        assertEquals(QualityLevel.HEALTHY, source.level());
        assertEquals(List.of(), source.reasons());
        InstrumentQuality btc = source.instrument(BTC).orElseThrow();
        assertEquals(new QualityComponents(100, 100, 100, 100, 100), btc.components());
        assertEquals(10 * MILLI, btc.latencyNanos());
        assertEquals(100, monitor.score(SOURCE, BTC).getAsInt());
        assertEquals(100, metrics.gauge("quality.score"));
        assertEquals(100, metrics.gauge("quality.instrument.BTC/USD.score"));
        assertTrue(health().isHealthy());
        assertTrue(statuses().isEmpty(), "no threshold was crossed: " + statuses());
    }

    @Test
    void silenceMakesAnInstrumentStaleThenExpiredAndDataMakesItFreshAgain()
    {
        EventSink sink = source(Set.of(), List.of(BTC));
        sink.accept(trade(BTC, T0, 0));

        clock.advance(Duration.ofSeconds(10));
        monitor.evaluate();
        InstrumentQuality stale = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(Freshness.STALE, stale.freshness());
        assertEquals(50, stale.components().freshness());
        assertEquals(83, stale.score());
        assertEquals(List.of(new Status(SourceStatus.Kind.STALE, BTC, "BTC/USD: no data for 10.0 s (stale after 10.0 s)")), statuses());

        clock.advance(Duration.ofSeconds(50));
        monitor.evaluate();
        SourceQuality expired = monitor.source(SOURCE).orElseThrow();
        assertEquals(0, expired.score());
        assertEquals(QualityLevel.CRITICAL, expired.level());
        assertEquals(Freshness.EXPIRED, expired.instrument(BTC).orElseThrow().freshness());
        assertEquals(new Status(SourceStatus.Kind.STALE, BTC, "BTC/USD: no data for 60.0 s (expired after 60.0 s)"), statuses().get(1));
        Status critical = statuses().get(2);
        assertEquals(SourceStatus.Kind.INFO, critical.kind());
        assertEquals(null, critical.instrument());
        assertTrue(critical.reason().startsWith("quality critical (0): BTC/USD critical (0): no data for 60.0 s"), critical.reason());
        HealthCheck.Result health = health();
        assertFalse(health.isHealthy());
        assertTrue(health.getMessage().startsWith("critical (quality 0): BTC/USD critical (0): no data for 60.0 s"), health.getMessage());

        sink.accept(trade(BTC, clock.advance(Duration.ofSeconds(1)), 0));
        clock.advance(Duration.ofSeconds(1));
        monitor.evaluate();
        assertEquals(100, monitor.source(SOURCE).orElseThrow().score());
        assertEquals(List.of(
                new Status(SourceStatus.Kind.INFO, BTC, "BTC/USD: data is fresh again"),
                new Status(SourceStatus.Kind.INFO, null, "quality healthy again (100)")), statuses().subList(3, 5));
        assertTrue(health().isHealthy());
    }

    @Test
    void gapUnverifiesTheBookUntilResyncAndFadesWithTheHalfLife()
    {
        EventSink sink = source(EnumSet.of(Channel.BOOK), List.of(BTC));
        sink.accept(depth(BTC, T0));
        sink.accept(status(SourceStatus.Kind.GAP, BTC, T0 + SECOND, "sequence gap: expected prevSeq 10, got 12"));
        clock.advance(Duration.ofSeconds(1));
        monitor.evaluate();
        InstrumentQuality gap = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(0, gap.components().gaps());
        assertTrue(gap.reasons().contains("book not verified: sequence gap: expected prevSeq 10, got 12"), gap.reasons().toString());
        assertEquals(80, gap.score());

        sink.accept(status(SourceStatus.Kind.RESYNC, BTC, T0 + 2 * SECOND, "book re-synchronised"));
        sink.accept(depth(BTC, T0 + 2 * SECOND));
        clock.advance(Duration.ofSeconds(1));
        monitor.evaluate();
        InstrumentQuality resynced = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        // 100 - 20 x 2^(-1 s / 60 s) - 10
        assertEquals(70, resynced.components().gaps());
        assertEquals(1, resynced.gaps());
        assertEquals(1, resynced.resyncs());
        assertTrue(resynced.reasons().contains("recent gaps (1 gaps, 1 resyncs so far)"), resynced.reasons().toString());

        sink.accept(depth(BTC, clock.advance(Duration.ofSeconds(60))));
        monitor.evaluate();
        // one half-life later: 100 - 20 x 2^(-61/60) - 10 x 2^(-60/60)
        assertEquals(85, monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow().components().gaps());
    }

    @Test
    void tradeGapOfAnInstrumentWithoutBookCostsOnlyItsPenalty()
    {
        EventSink sink = source(Set.of(), List.of(BTC));
        sink.accept(trade(BTC, T0, 0));
        sink.accept(status(SourceStatus.Kind.GAP, BTC, T0, "missed trades 5 to 7"));
        monitor.evaluate();
        InstrumentQuality quality = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(80, quality.components().gaps());
        assertFalse(quality.reasons().stream().anyMatch(reason -> reason.startsWith("book not verified")), quality.reasons().toString());
    }

    @Test
    void rejectionsAndDecodeErrorsRaiseTheErrorRate()
    {
        EventSink sink = source(Set.of(), List.of(BTC));
        for (int i = 0; i < 98; i++) {
            sink.accept(trade(BTC, T0, 0));
        }
        sink.accept(status(SourceStatus.Kind.REJECTED, BTC, T0, "trade rejected: price 0 is not positive"));
        sink.accept(status(SourceStatus.Kind.REJECTED, BTC, T0, "trade rejected: price 0 is not positive"));
        monitor.evaluate();
        // 2 of 100 rejected: 2% of the 5% that scores 0
        assertEquals(60, errors());

        sink.accept(status(SourceStatus.Kind.DECODE_ERROR, null, T0, "cannot decode frame"));
        monitor.evaluate();
        // plus 1 decode error over 99 frames of the source
        assertEquals(40, errors());
        InstrumentQuality quality = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(88, quality.score());
        assertTrue(quality.reasons().contains("error rate 3.01% (2 rejected, 1 decode errors so far)"), quality.reasons().toString());
        assertEquals(1, monitor.source(SOURCE).orElseThrow().decodeErrors());
    }

    @Test
    void latencyIsTheMedianOfRecentLiveEvents()
    {
        EventSink sink = source(Set.of(), List.of(BTC));
        for (int i = 0; i < 10; i++) {
            sink.accept(trade(BTC, T0, 100 * MILLI));
        }
        sink.accept(trade(BTC, T0, 30 * SECOND));
        sink.accept(new Trade(BTC, T0 - 3600 * SECOND, T0, "backfilled", Decimal.parse("100"), Decimal.ONE, Side.SELL, true));
        monitor.evaluate();
        assertEquals(100 * MILLI, monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow().latencyNanos());
        assertEquals(100, monitor.source(SOURCE).orElseThrow().components().latency());

        for (int i = 0; i < 64; i++) {
            sink.accept(trade(BTC, T0, 1125 * MILLI));
        }
        monitor.evaluate();
        InstrumentQuality slow = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(50, slow.components().latency());
        assertTrue(slow.reasons().contains("latency 1.1 s (median of the last 64 events)"), slow.reasons().toString());
    }

    @Test
    void configuredChannelsThatDoNotProduceLowerCompleteness()
    {
        EventSink sink = source(EnumSet.of(Channel.TRADES, Channel.QUOTES, Channel.BOOK), List.of(BTC));
        monitor.start();
        for (int second = 1; second <= 9; second++) {
            sink.accept(trade(BTC, T0 + second * SECOND, 0));
        }
        clock.advance(Duration.ofSeconds(9));
        monitor.evaluate();
        assertEquals(100, monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow().components().completeness(),
                "channels have until `stale` after the start to begin");

        sink.accept(trade(BTC, clock.advance(Duration.ofSeconds(1)), 0));
        monitor.evaluate();
        InstrumentQuality quality = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(33, quality.components().completeness());
        assertTrue(quality.reasons().contains("channels not producing: quotes, book"), quality.reasons().toString());
    }

    @Test
    void disconnectedSourceScoresZeroAndSaysWhy()
    {
        EventSink sink = source(Set.of(), List.of(BTC));
        sink.accept(status(SourceStatus.Kind.CONNECTED, null, T0, "connected"));
        sink.accept(trade(BTC, T0, 0));
        sink.accept(status(SourceStatus.Kind.DISCONNECTED, null, T0 + 100 * MILLI, "connection reset"));
        clock.advance(Duration.ofMillis(200));
        monitor.evaluate();
        SourceQuality down = monitor.source(SOURCE).orElseThrow();
        assertEquals(0, down.score());
        assertFalse(down.connected());
        assertEquals(QualityLevel.CRITICAL, down.level());
        assertEquals("disconnected: connection reset", down.reasons().get(0));
        assertEquals(0, down.instrument(BTC).orElseThrow().score());
        assertEquals(new Status(SourceStatus.Kind.INFO, null, "quality critical (0): disconnected: connection reset"), statuses().get(0));
        HealthCheck.Result health = health();
        assertFalse(health.isHealthy());
        assertEquals("critical (quality 0): disconnected: connection reset", health.getMessage());
        assertEquals("critical", health.getDetails().get("level"));

        sink.accept(status(SourceStatus.Kind.CONNECTED, null, T0 + 300 * MILLI, "connected again"));
        sink.accept(trade(BTC, T0 + 300 * MILLI, 0));
        clock.advance(Duration.ofMillis(200));
        monitor.evaluate();
        assertEquals(100, monitor.source(SOURCE).orElseThrow().score());
        assertEquals(new Status(SourceStatus.Kind.INFO, null, "quality healthy again (100)"), statuses().get(statuses().size() - 1));
        assertTrue(health().isHealthy());
    }

    @Test
    void instrumentThatNeverPublishesExpiresFromTheStart()
    {
        EventSink sink = source(Set.of(), List.of(BTC, ETH));
        monitor.start();
        for (int second = 10; second <= 60; second += 10) {
            sink.accept(trade(BTC, T0 + second * SECOND, 0));
        }
        clock.advance(Duration.ofSeconds(60));
        monitor.evaluate();
        SourceQuality source = monitor.source(SOURCE).orElseThrow();
        InstrumentQuality eth = source.instrument(ETH).orElseThrow();
        assertEquals(0, eth.score());
        assertEquals(Freshness.EXPIRED, eth.freshness());
        assertEquals(List.of("no data in the 60.0 s since the start (expired after 60.0 s)"), eth.reasons());
        assertEquals(100, source.instrument(BTC).orElseThrow().score());
        assertEquals(50, source.score());
        assertEquals(QualityLevel.DEGRADED, source.level());
    }

    @Test
    void eventTimesDriveEvaluationsSoReplayReportsTheSilenceItEnds()
    {
        EventSink sink = source(Set.of(), List.of(BTC));
        Trade first = trade(BTC, T0, 0);
        Trade second = trade(BTC, T0 + 500 * MILLI, 0);
        Trade afterSilence = trade(BTC, T0 + 20 * SECOND, 0);
        Trade next = trade(BTC, T0 + 21_500 * MILLI, 0);
        for (Trade trade : List.of(first, second, afterSilence, next)) {
            sink.accept(trade);
        }

        assertEquals(6, out.size(), out.toString());
        assertEquals(List.of(first, second), out.subList(0, 2));
        assertEquals(new Status(SourceStatus.Kind.STALE, BTC, "BTC/USD: no data for 19.5 s (stale after 10.0 s)"), Status.of(out.get(2)));
        assertEquals(afterSilence, out.get(3));
        assertEquals(new Status(SourceStatus.Kind.INFO, BTC, "BTC/USD: data is fresh again"), Status.of(out.get(4)));
        assertEquals(next, out.get(5));
        assertEquals(T0 + 20 * SECOND, out.get(2).receivedNanos(), "evaluated at the event's receive time");
    }

    @Test
    void aClosedMarketIsQuietNotStaleAndSilenceCountsAgainFromItsOpening()
    {
        EventSink sink = source(EnumSet.of(Channel.TRADES), List.of(BTC));
        sink.accept(trade(BTC, T0, 0));
        sink.accept(status(SourceStatus.Kind.MARKET_CLOSED, BTC, T0 + SECOND, "BTCUSD: market closed"));

        clock.advance(Duration.ofHours(60));
        monitor.evaluate();
        InstrumentQuality closed = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(Freshness.FRESH, closed.freshness());
        assertEquals(100, closed.score(), closed.reasons().toString());
        assertEquals(List.of(), statuses(), "a weekend of silence is no threshold crossing");

        long opened = clock.advance(Duration.ofSeconds(1));
        sink.accept(status(SourceStatus.Kind.MARKET_OPEN, BTC, opened, "BTCUSD: market open"));
        clock.advance(Duration.ofSeconds(5));
        monitor.evaluate();
        assertEquals(Freshness.FRESH, monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow().freshness(), "5 s after the opening");
        clock.advance(Duration.ofSeconds(10));
        monitor.evaluate();
        InstrumentQuality silent = monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow();
        assertEquals(Freshness.STALE, silent.freshness(), "15 s after the opening without data");
        assertEquals(List.of(new Status(SourceStatus.Kind.STALE, BTC, "BTC/USD: no data for 15.0 s (stale after 10.0 s)")), statuses());
    }

    private EventSink source(Set<Channel> channels, List<Instrument> instruments)
    {
        return monitor.sink(SOURCE, "testvenue", "spot", channels, () -> instruments, metrics, out::add);
    }

    private HealthCheck.Result health()
    {
        return new QualityHealthCheck(() -> monitor.source(SOURCE)).execute();
    }

    private int errors()
    {
        return monitor.source(SOURCE).orElseThrow().instrument(BTC).orElseThrow().components().errors();
    }

    /**
     * @return the status events the monitor emitted: the test feeds no {@code stale} or {@code info} ones
     */
    private List<Status> statuses()
    {
        return out.stream()
                .filter(SourceStatus.class::isInstance)
                .map(Status::of)
                .filter(status -> status.kind() == SourceStatus.Kind.STALE || status.kind() == SourceStatus.Kind.INFO)
                .toList();
    }

    private Trade trade(Instrument instrument, long receivedNanos, long latencyNanos)
    {
        return new Trade(instrument, receivedNanos - latencyNanos, receivedNanos, Integer.toString(++tradeIds), Decimal.parse("100.5"), Decimal.ONE, Side.BUY, false);
    }

    private static Quote quote(Instrument instrument, long receivedNanos)
    {
        return new Quote(instrument, receivedNanos - 10 * MILLI, receivedNanos, 1, Decimal.parse("100"), Decimal.ONE, Decimal.parse("101"), Decimal.ONE);
    }

    private static BookDepth depth(Instrument instrument, long receivedNanos)
    {
        return new BookDepth(instrument, receivedNanos, receivedNanos, 1, List.of(PriceLevel.parse("100", "1")), List.of(PriceLevel.parse("101", "1")), false);
    }

    private static SourceStatus status(SourceStatus.Kind kind, Instrument instrument, long receivedNanos, String reason)
    {
        return new SourceStatus(SOURCE, "testvenue", "spot", instrument, 0, receivedNanos, kind, reason);
    }

    /**
     * What a test checks of a status event.
     */
    private record Status(SourceStatus.Kind kind, Instrument instrument, String reason)
    {
        static Status of(MarketEvent event)
        {
            SourceStatus status = (SourceStatus) event;
            assertEquals(SOURCE, status.source());
            return new Status(status.kind(), status.instrument(), status.reason());
        }
    }
}
