package io.marketpipe.benchmarks;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Quote;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.venue.FakeVenue;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live latency from a frame's receipt to its event's hand-over, in process:
 * {@code java -cp benchmarks.jar io.marketpipe.benchmarks.LiveLatency [--seconds N] [RATE...]}.
 *
 * <p>A fake venue on loopback plays Binance spot book-ticker frames at a fixed rate (10k, 50k and
 * 100k frames/s by default) to the embedded pipeline, which runs the Binance connector, validation,
 * quality tracking, candles and an in-memory store like any deployment. A listener records, for every
 * quote, the time from the frame's receipt by the WebSocket transport (the event's receive time) to
 * the listener receiving it, behind its consumer stage as a store is; the first second is warm-up.
 * Prints p50, p99, p99.9 and the maximum from an HdrHistogram.
 */
public final class LiveLatency
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long START_NANOS = 1_723_161_253_000_000_000L;

    private LiveLatency() {}

    public static void main(String[] args)
            throws Exception
    {
        int seconds = 4;
        List<Integer> rates = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[++i]);
            }
            else {
                rates.add(Integer.parseInt(args[i]));
            }
        }
        if (rates.isEmpty()) {
            rates = List.of(10_000, 50_000, 100_000);
        }
        System.out.printf(Locale.ROOT, "%12s %10s %12s %10s %10s %10s %10s%n", "frames/s", "measured", "achieved/s", "p50 us", "p99 us", "p99.9 us", "max us");
        for (int rate : rates) {
            measure(rate, seconds);
        }
    }

    private static void measure(int rate, int seconds)
            throws Exception
    {
        int frames = rate * seconds;
        long gap = NANOS_PER_SECOND / rate;
        FakeVenue.Builder script = FakeVenue.builder().speed(ReplaySpeed.parse("1x"));
        script.line(CaptureLine.open(START_NANOS, 0, "wss://stream.binance.com:9443/stream"));
        for (int i = 0; i < frames; i++) {
            script.line(CaptureLine.recv(START_NANOS + i * gap, 0, bookTicker(i)));
        }
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicLong quotes = new AtomicLong();
        long warmUp = rate;
        long[] window = new long[2];
        try (FakeVenue venue = script.start();
                MarketPipe pipe = MarketPipe.builder()
                        .pluginsDirectory(Path.of(System.getProperty("java.io.tmpdir"), "marketpipe-benchmark-no-plugins"))
                        .config("""
                                marketpipe.metrics.log-interval = 0
                                marketpipe.stores = [{ type = memory }]
                                marketpipe.connectors = [{ type = binance, market = spot, symbols = [BTC/USDT], channels = [quotes],
                                  exchange-info = false, ws-url = "%s", rest-url = "%s" }]
                                """.formatted(venue.wsUrl(), venue.restUrl()))
                        .listener(event -> record(event, latencies, quotes, warmUp, window))
                        .build()) {
            pipe.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds * 3L + 10);
            while (quotes.get() < frames && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        double achieved = window[1] > window[0] ? (latencies.getTotalCount() - 1) * 1e9 / (window[1] - window[0]) : 0;
        System.out.printf(Locale.ROOT, "%12d %10d %12.0f %10.1f %10.1f %10.1f %10.1f%n", rate, latencies.getTotalCount(), achieved,
                latencies.getValueAtPercentile(50) / 1e3, latencies.getValueAtPercentile(99) / 1e3,
                latencies.getValueAtPercentile(99.9) / 1e3, latencies.getMaxValue() / 1e3);
    }

    // on the listener's one thread
    private static void record(MarketEvent event, Histogram latencies, AtomicLong quotes, long warmUp, long[] window)
    {
        if (!(event instanceof Quote)) {
            return;
        }
        long now = MarketClock.SYSTEM.nowNanos();
        if (quotes.incrementAndGet() > warmUp) {
            latencies.recordValue(Math.max(0, now - event.receivedNanos()));
            if (window[0] == 0) {
                window[0] = System.nanoTime();
            }
            window[1] = System.nanoTime();
        }
    }

    private static String bookTicker(int i)
    {
        // the bid and ask move with the update id, so no two quotes are alike
        long bid = 6_183_763 + (i % 100);
        return "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + (1_000_000 + i) + ",\"s\":\"BTCUSDT\",\"b\":\"" + bid / 100 + "." + String.format(Locale.ROOT, "%02d", bid % 100)
                + "000000\",\"B\":\"1.25000000\",\"a\":\"" + (bid + 1) / 100 + "." + String.format(Locale.ROOT, "%02d", (bid + 1) % 100) + "000000\",\"A\":\"0.75000000\"}}";
    }
}
