package io.marketpipe.launcher;

import io.marketpipe.testkit.venue.FakeVenue;
import io.marketpipe.testkit.venue.RestResponder;
import io.marketpipe.testkit.venue.VenueRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import static io.marketpipe.launcher.CommandResult.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backfill} against a fake Binance venue on loopback that serves hourly klines: every hour
 * of the range reaches the store, a second run fetches nothing, and a 429 only delays the run.
 */
class BackfillCommandTest
{
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long END = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path temp;

    @Test
    void downloadsEveryCandleOfTheRangeAndResumesWithoutRefetching()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().restResponder(BackfillCommandTest::klines).start()) {
            Path conf = config(venue);
            venue.faults().throttleRest(1, Duration.ofSeconds(1));

            CommandResult first = run("backfill", "--exchange", "binance", "--symbol", "BTC/USDT", "--interval", "1h", "--days", "90",
                    "--to", "2026-01-01", "--config", conf.toString());

            assertEquals(0, first.code(), first.err());
            assertTrue(first.err().contains("2160 candles written, 2160 were missing"), first.err());
            long klineRequests = klineRequests(venue);
            assertTrue(klineRequests >= 3, "90 days of hours take at least three pages of 1000: " + venue.restRequests());
            assertTrue(venue.restRequests().stream().anyMatch(request -> request.status() == 429), "the throttled request was answered 429");

            CommandResult query = run("query", "candles", "--exchange", "binance", "--symbol", "BTC/USDT", "--interval", "1h",
                    "--limit", "5000", "--format", "csv", "--config", conf.toString());
            assertEquals(0, query.code(), query.err());
            List<String> rows = query.out().lines().skip(1).toList();
            assertEquals(2160, rows.size());
            assertTrue(rows.get(0).contains(String.valueOf(END - 2160 * HOUR)) || rows.get(0).contains("2025-10-03T00:00"), rows.get(0));

            CommandResult second = run("backfill", "--exchange", "binance", "--symbol", "BTC/USDT", "--interval", "1h", "--days", "90",
                    "--to", "2026-01-01", "--config", conf.toString());

            assertEquals(0, second.code(), second.err());
            assertTrue(second.err().contains("0 candles written, 0 were missing, 0 requests"), second.err());
            assertEquals(klineRequests, klineRequests(venue), "the second run sent no request");
        }
    }

    @Test
    void yahooDayBarsOpeningOffTheUtcGridAreBackfilledThroughPeriodRangesAndStoredOnce()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().restResponder(BackfillCommandTest::yahooDays).start()) {
            Path conf = Files.writeString(temp.resolve("yahoo.conf"), """
                    marketpipe.stores = [{ type = sqlite, path = "%s" }]
                    marketpipe.connectors = [{ type = yahoo, symbols = [AAPL], rest-url = "%s" }]
                    """.formatted(temp.resolve("yahoo.db").toString().replace("\\", "/"), venue.restUrl()));

            CommandResult first = run("backfill", "--exchange", "yahoo", "--market", "equity", "--symbol", "AAPL", "--interval", "1d", "--days", "90",
                    "--to", "2026-01-01", "--config", conf.toString());

            assertEquals(0, first.code(), first.err());
            // 2025-10-03 .. 2025-12-31: 64 weekdays among the 90 days
            assertTrue(first.err().contains("64 candles written, 90 were missing"), first.err());
            assertTrue(venue.restRequests().stream().map(VenueRequest::target)
                    .anyMatch(target -> target.startsWith("/v8/finance/chart/AAPL?interval=1d") && target.contains("&period1=") && target.contains("&period2=1767225600")),
                    venue.restRequests().toString());

            CommandResult query = run("query", "candles", "--exchange", "yahoo", "--market", "equity", "--symbol", "AAPL", "--interval", "1d",
                    "--limit", "500", "--format", "csv", "--config", conf.toString());
            assertEquals(0, query.code(), query.err());
            List<String> rows = query.out().lines().skip(1).toList();
            assertEquals(64, rows.size());
            assertTrue(rows.get(0).startsWith("2025-10-03T14:30:00.000Z"), rows.get(0));

            CommandResult second = run("backfill", "--exchange", "yahoo", "--market", "equity", "--symbol", "AAPL", "--interval", "1d", "--days", "90",
                    "--to", "2026-01-01", "--config", conf.toString());
            assertEquals(0, second.code(), second.err());
            assertTrue(second.err().contains("0 candles written, 26 were missing"), "only the weekends are still missing: " + second.err());
        }
    }

    /**
     * Yahoo's chart API for AAPL day bars: one bar per weekday at the 14:30 UTC opening within
     * [period1, period2).
     */
    private static Optional<RestResponder.Reply> yahooDays(String method, String target)
    {
        if (!target.startsWith("/v8/finance/chart/AAPL")) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create("http://venue" + target).getRawQuery().split("&")) {
            String[] keyValue = pair.split("=", 2);
            parameters.put(keyValue[0], keyValue[1]);
        }
        long period1 = Long.parseLong(parameters.get("period1"));
        long period2 = Long.parseLong(parameters.get("period2"));
        StringJoiner times = new StringJoiner(",");
        StringJoiner prices = new StringJoiner(",");
        for (long day = Math.floorDiv(period1, 86_400L); day * 86_400L < period2; day++) {
            long open = day * 86_400L + 52_200L;
            java.time.DayOfWeek weekday = Instant.ofEpochSecond(open).atZone(java.time.ZoneOffset.UTC).getDayOfWeek();
            if (open < period1 || open >= period2 || weekday == java.time.DayOfWeek.SATURDAY || weekday == java.time.DayOfWeek.SUNDAY) {
                continue;
            }
            times.add(Long.toString(open));
            prices.add("%d.25".formatted(200 + day % 50));
        }
        String body = ("{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":\"AAPL\",\"regularMarketPrice\":244.87,\"regularMarketTime\":%d,"
                + "\"dataGranularity\":\"1d\"},\"timestamp\":[%s],\"indicators\":{\"quote\":[{\"open\":[%s],\"high\":[%s],\"low\":[%s],\"close\":[%s],\"volume\":[%s]}]}}],\"error\":null}}")
                .formatted(period2, times, prices, prices, prices, prices, prices.toString().replace(".25", ""));
        return Optional.of(RestResponder.Reply.json(body));
    }

    @Test
    void invalidIntervalIsAUsageError()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().restResponder(BackfillCommandTest::klines).start()) {
            CommandResult result = run("backfill", "--exchange", "binance", "--symbol", "BTC/USDT", "--interval", "3 hours", "--config", config(venue).toString());
            assertEquals(2, result.code(), result.err());
            assertTrue(result.err().contains("--interval"), result.err());
        }
    }

    private Path config(FakeVenue venue)
            throws IOException
    {
        return Files.writeString(temp.resolve("backfill.conf"), """
                marketpipe.stores = [{ type = sqlite, path = "%s" }]
                marketpipe.connectors = [{ type = binance, market = spot, symbols = [BTC/USDT], exchange-info = false, rest-url = "%s", ws-url = "%s" }]
                """.formatted(temp.resolve("candles.db").toString().replace("\\", "/"), venue.restUrl(), venue.wsUrl()));
    }

    private static long klineRequests(FakeVenue venue)
    {
        return venue.restRequests().stream().map(VenueRequest::target).filter(target -> target.contains("/klines")).count();
    }

    /**
     * Hourly klines for the requested range, like Binance: open times from startTime to endTime
     * inclusive, at most limit, oldest first.
     */
    private static Optional<RestResponder.Reply> klines(String method, String target)
    {
        if (!target.contains("/api/v3/klines")) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create("http://venue" + target).getRawQuery().split("&")) {
            String[] keyValue = pair.split("=", 2);
            parameters.put(keyValue[0], keyValue[1]);
        }
        long start = Long.parseLong(parameters.get("startTime"));
        long end = Long.parseLong(parameters.get("endTime"));
        int limit = Integer.parseInt(parameters.get("limit"));
        StringJoiner rows = new StringJoiner(",", "[", "]");
        long first = (start + HOUR - 1) / HOUR * HOUR;
        int count = 0;
        for (long open = first; open <= end && count < limit; open += HOUR, count++) {
            long price = 60_000 + (open / HOUR) % 500;
            rows.add("[%d,\"%d.10\",\"%d.50\",\"%d.00\",\"%d.20\",\"12.5\",%d,\"750000.5\",321,\"6.25\",\"375000.25\",\"0\"]"
                    .formatted(open, price, price + 1, price - 1, price, open + HOUR - 1));
        }
        return Optional.of(RestResponder.Reply.json(rows.toString()));
    }
}
