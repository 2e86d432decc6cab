package io.marketpipe.yahoo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.core.json.EventJson;
import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every Yahoo capture through the real runtime and this connector, and checks the event
 * JSON ({@code --emit jsonl}) against the capture read independently here: one candle per bar of
 * every response, in recorded order ({@code native} = the response's symbol, {@code interval} =
 * its {@code dataGranularity}, {@code start} = the bar time in ms, OHLCV equal to the arrays),
 * every dividend and split, and a status naming the symbol and Yahoo's description for every
 * error response.
 */
class YahooCaptureReplayTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Map<String, String> CANONICAL_GRANULARITY = Map.of("1wk", "1w", "1mo", "1M", "3mo", "3M", "60m", "1h");

    @TempDir
    Path plugins;

    @TempDir
    Path recordings;

    @TestFactory
    Stream<DynamicTest> everyRecordedResponseReachesTheEventJsonOnceInOrder()
    {
        return Captures.venue("yahoo").stream().map(capture -> DynamicTest.dynamicTest(capture.getFileName().toString(), () -> assertReplayed(capture)));
    }

    @Test
    void aRecordingWithErrorResponsesGivesAStatusNamingEachSymbolAndPlaysTheRest()
            throws IOException
    {
        String chart = "https://query2.finance.yahoo.com/v8/finance/chart/";
        List<String> lines = List.of(
                "{\"t\":\"header\",\"format\":\"marketpipe-capture/1\",\"exchange\":\"yahoo\",\"market\":\"equity\",\"symbols\":[\"AAPL\",\"NOSUCH\",\"MSFT\"],\"recorded\":null,\"source\":\"test\",\"license\":\"MIT\",\"notes\":\"\"}",
                rest(1_740_052_060_000_000_000L, chart + "AAPL?interval=1d&range=5d", 200, ChartBodies.chart("AAPL", "1d")
                        .bar(1_577_975_400L, "74.05999755859375", "75.1500015258789", "73.79750061035156", "75.0875015258789", "135480400")
                        .bar(1_578_061_800L, "null", "null", "null", "null", "null").json()),
                rest(1_740_052_061_000_000_000L, chart + "NOSUCH?interval=1d", 404, ChartBodies.error("Not Found", "No data found, symbol may be delisted")),
                rest(1_740_052_062_000_000_000L, chart + "MSFT?interval=7m", 400, ChartBodies.error("Bad Request", "Invalid input - interval=7m is not supported")),
                rest(1_740_052_063_000_000_000L, chart + "AAPL?interval=1m&range=1d", 200, ChartBodies.chart("AAPL", "1m").json()),
                rest(1_740_052_064_000_000_000L, chart + "AAPL?interval=1d&range=5d", 200, ChartBodies.chart("AAPL", "1d")
                        .bar(1_578_061_800L, "74.2874984741211", "75.1449966430664", "74.125", "74.35749816894531", "146322800").json()));
        Path capture = recordings.resolve("yahoo-errors.jsonl.gz");
        try (java.io.Writer out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(capture)), StandardCharsets.UTF_8)) {
            for (String line : lines) {
                out.write(line + "\n");
            }
        }
        Expected expected = assertReplayed(capture);
        assertEquals(2, expected.errors.size());
        assertEquals(2, expected.candles.size(), "the null bar has no candle");
    }

    private static String rest(long ts, String url, int status, String body)
            throws IOException
    {
        return MAPPER.writeValueAsString(Map.of("t", "rest", "ts", ts, "method", "GET", "url", url, "status", status, "data", body));
    }

    private Expected assertReplayed(Path capture)
            throws IOException
    {
        {
            Expected expected = expected(capture);
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            ReplaySummary summary;
            try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(plugins).replay(capture, "max")
                    .listener(event -> lines.add(EventJson.toJson(event))).build()) {
                pipe.start();
                summary = pipe.replay();
            }
            System.out.printf("replayed %s: %s%n", capture.getFileName(), summary.toJson());
            assertEquals(expected.responses, summary.restAnswered(), "every recorded response is answered once");
            assertEquals(0, summary.restUnmatched());

            List<String> candles = new ArrayList<>();
            List<String> actions = new ArrayList<>();
            List<JsonNode> statuses = new ArrayList<>();
            for (String line : lines) {
                JsonNode event = MAPPER.readTree(line);
                switch (event.get("type").asText()) {
                    case "candle" -> candles.add(String.join(" ", event.get("native").asText(), event.get("interval").asText(), event.get("start").asText(),
                            number(event.get("open")), number(event.get("high")), number(event.get("low")), number(event.get("close")), number(event.get("volume"))));
                    case "dividend" -> actions.add("dividend " + event.get("native").asText() + " " + event.get("ts").asText() + " " + number(event.get("amount")));
                    case "split" -> actions.add("split " + event.get("native").asText() + " " + event.get("ts").asText() + " "
                            + number(event.get("numerator")) + "/" + number(event.get("denominator")));
                    case "status" -> statuses.add(event);
                    default -> { }
                }
            }
            assertEquals(expected.candles.size(), candles.size(), "one candle per bar");
            assertEquals(expected.candles, candles, "candles in recorded order");
            Collections.sort(actions);
            assertEquals(expected.actions, actions, "dividends and splits");
            for (String error : expected.errors) {
                String[] symbolAndDescription = error.split("\n", 2);
                assertTrue(statuses.stream().anyMatch(status -> status.get("reason").asText().contains(symbolAndDescription[0])
                        && status.get("reason").asText().contains(symbolAndDescription[1])), "a status names " + error + ": " + statuses);
            }
            return expected;
        }
    }

    private record Expected(long responses, List<String> candles, List<String> actions, List<String> errors) {}

    private static Expected expected(Path capture)
            throws IOException
    {
        long responses = 0;
        List<String> candles = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(capture)), StandardCharsets.UTF_8))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                JsonNode line = MAPPER.readTree(text);
                if (!line.get("t").asText().equals("rest") || !line.get("url").asText().contains("/finance/chart/")) {
                    continue;
                }
                responses++;
                JsonNode chart = MAPPER.readTree(line.get("data").asText()).path("chart");
                JsonNode error = chart.path("error");
                if (!error.isMissingNode() && !error.isNull()) {
                    String url = line.get("url").asText();
                    String symbol = java.net.URLDecoder.decode(url.replaceAll("^.*/finance/chart/([^?/]*).*$", "$1"), StandardCharsets.UTF_8);
                    errors.add(symbol + "\n" + error.path("description").asText());
                    continue;
                }
                JsonNode result = chart.path("result").path(0);
                JsonNode meta = result.path("meta");
                String symbol = meta.get("symbol").asText();
                String granularity = meta.get("dataGranularity").asText();
                String interval = CANONICAL_GRANULARITY.getOrDefault(granularity, granularity);
                JsonNode quote = result.path("indicators").path("quote").path(0);
                Iterator<JsonNode> times = result.path("timestamp").elements();
                for (int i = 0; times.hasNext(); i++) {
                    long seconds = times.next().asLong();
                    JsonNode open = quote.path("open").path(i);
                    if (open.isNull() || quote.path("close").path(i).isNull()) {
                        continue;
                    }
                    JsonNode volume = quote.path("volume").path(i);
                    candles.add(String.join(" ", symbol, interval, String.valueOf(seconds * 1000), number(open), number(quote.path("high").path(i)),
                            number(quote.path("low").path(i)), number(quote.path("close").path(i)), volume.isNull() ? "0" : number(volume)));
                }
                result.path("events").path("dividends").elements().forEachRemaining(dividend ->
                        actions.add("dividend " + symbol + " " + dividend.get("date").asLong() * 1000 + " " + number(dividend.get("amount"))));
                result.path("events").path("splits").elements().forEachRemaining(split ->
                        actions.add("split " + symbol + " " + split.get("date").asLong() * 1000 + " " + number(split.get("numerator")) + "/" + number(split.get("denominator"))));
            }
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Collections.sort(actions);
        return new Expected(responses, candles, actions, errors);
    }

    /**
     * @return the number's value in plain notation, whether written as a JSON number or string
     */
    private static String number(JsonNode node)
    {
        BigDecimal value = node.isTextual() ? new BigDecimal(node.asText()) : node.decimalValue();
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
}
