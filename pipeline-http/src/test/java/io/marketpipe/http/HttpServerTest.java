package io.marketpipe.http;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.core.json.EventJson;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoints against a running pipeline whose Binance connector reads a fake venue on loopback.
 */
class HttpServerTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void healthAnswersWithEveryCheckAndAnOverallStatus()
            throws Exception
    {
        try (PipelineSession session = new PipelineSession(200, ReplaySpeed.MAX, "trades, quotes", "")) {
            session.pipe.start();
            session.await("every trade arrived", () -> session.count("trade") == 200);
            HttpResponse<String> response = session.get("/health");
            JsonNode health = MAPPER.readTree(response.body());
            String status = health.get("status").asText();
            assertTrue(Set.of("healthy", "degraded").contains(status), response.body());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            JsonNode connector = health.get("checks").get("connector.binance-spot");
            assertTrue(Set.of("healthy", "degraded", "critical").contains(connector.get("status").asText()), response.body());
            assertTrue(connector.has("message"), response.body());
            assertTrue(health.get("checks").has("quality.binance-spot"), response.body());
        }
    }

    @Test
    void metricsAreLabelledPrometheusSeries()
            throws Exception
    {
        try (PipelineSession session = new PipelineSession(300, ReplaySpeed.MAX, "trades, quotes", "")) {
            session.pipe.start();
            session.await("every trade arrived", () -> session.count("trade") == 300);
            HttpResponse<String> text = session.get("/metrics");
            assertEquals(200, text.statusCode());
            assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), text.headers().toString());
            assertTrue(text.body().contains("# TYPE marketpipe_events_total counter\n"), text.body());
            assertTrue(text.body().contains("marketpipe_events_total{connector=\"binance-spot\",type=\"trade\"} 300.0\n"), text.body());
            assertTrue(text.body().contains("marketpipe_quality_score{connector=\"binance-spot\"} "), text.body());
            assertTrue(text.body().contains("marketpipe_bus_stage_dropped_total{stage=\"listener-http\"} 0.0\n"), text.body());
            assertFalse(text.body().contains("connector.binance-spot"), "no dotted names");

            HttpResponse<String> openMetrics = session.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertTrue(openMetrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"), openMetrics.headers().toString());
            assertTrue(openMetrics.body().endsWith("# EOF\n"), openMetrics.body());
            assertTrue(openMetrics.body().contains("marketpipe_events_total{connector=\"binance-spot\",type=\"trade\"} 300.0\n"), openMetrics.body());
        }
    }

    @Test
    void streamDeliversTheSameJsonAsTheEventFormat()
            throws Exception
    {
        try (PipelineSession session = new PipelineSession(500, ReplaySpeed.MAX, "trades, quotes", "")) {
            session.startHeld();
            try (SseClient client = new SseClient(session.url("/api/v1/stream?channels=trades&symbols=BTC/USDT"))) {
                session.await("the subscriber is streaming", () -> client.status() == 200 && subscribers(session) == 1);
                assertTrue(client.contentType().startsWith("text/event-stream"), client.contentType());
                session.venue.resume();
                session.await("every trade streamed", () -> client.data().size() == 500);
                List<String> expected = session.events("trade").stream().map(EventJson::toJson).toList();
                assertEquals(expected, client.data());
            }
        }
    }

    @Test
    void streamConflatesQuotesPerInstrumentButNeverTrades()
            throws Exception
    {
        int trades = 3000;
        try (PipelineSession session = new PipelineSession(trades, ReplaySpeed.MAX, "trades, quotes", "")) {
            session.startHeld();
            // a long throttle: the quotes of the whole run fall into a few intervals
            try (SseClient client = new SseClient(session.url("/api/v1/stream?channels=trades,quotes&throttle=5s"))) {
                session.await("the subscriber is streaming", () -> client.status() == 200 && subscribers(session) == 1);
                session.venue.resume();
                session.await("every quote reached the pipeline", () -> session.count("quote") == trades);
                MarketEvent lastQuote = session.events("quote").get(trades - 1);
                session.await("the latest quote streamed", () -> client.data().contains(EventJson.toJson(lastQuote)));
                List<String> streamedTrades = ofType(client.data(), "trade");
                List<String> streamedQuotes = ofType(client.data(), "quote");
                assertEquals(session.events("trade").stream().map(EventJson::toJson).toList(), streamedTrades, "every trade, in order");
                assertTrue(streamedQuotes.size() < trades / 10, "quotes conflated: " + streamedQuotes.size() + " of " + trades);
                assertEquals(EventJson.toJson(lastQuote), streamedQuotes.get(streamedQuotes.size() - 1));
            }
        }
    }

    @Test
    void slowSubscriberIsDisconnectedWithAReasonWithoutHoldingUpThePipeline()
            throws Exception
    {
        int trades = 40_000;
        try (PipelineSession session = new PipelineSession(trades, ReplaySpeed.MAX, "trades, quotes", "marketpipe.http.stream { max-pending = 200, close-grace = 60s }\n")) {
            session.startHeld();
            try (SseClient fast = new SseClient(session.url("/api/v1/stream?channels=trades"));
                    StalledClient slow = new StalledClient(session.url("/api/v1/stream?channels=trades"))) {
                session.await("both subscribers are streaming", () -> fast.status() == 200 && subscribers(session) == 2);
                session.venue.resume();
                session.await("every trade reached the pipeline", () -> session.count("trade") == trades);
                session.await("the fast subscriber got every trade", () -> fast.data().size() == trades);
                session.await("the slow subscriber was disconnected", () -> counter(session, "http.stream.disconnects.slow") == 1);
                // reading again, it gets what was in flight, then the reason, then the end of the stream
                String rest = slow.readToEnd();
                assertTrue(rest.endsWith("event: disconnect\ndata: {\"reason\":\"the subscriber fell 200 events behind\"}\n\n"), "the reason last: " + rest.substring(Math.max(0, rest.length() - 300)).replace("\r", "\\r").replace("\n", "\\n"));
                session.await("the slow subscriber is gone", () -> subscribers(session) == 1);

                assertEquals(session.events("trade").stream().map(EventJson::toJson).toList(), fast.data());
                assertEquals(0, counter(session, "bus.stage.listener-http.dropped"), "the server's listener never fell behind");
                assertEquals(0, counter(session, "bus.stage.listener-listener1.dropped"));
                assertTrue(rest.length() < trades * 100L, "the slow subscriber did not get the whole stream: " + rest.length());
            }
        }
    }

    @Test
    void tokenIsRequiredWhenConfigured()
            throws Exception
    {
        try (PipelineSession session = new PipelineSession(10, ReplaySpeed.MAX, "trades", "marketpipe.http.token = s3cret-token\n")) {
            session.pipe.start();
            HttpResponse<String> anonymous = session.get("/health");
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals(401, session.get("/metrics", "Authorization", "Bearer wrong").statusCode());
            assertEquals(200, session.get("/metrics", "Authorization", "Bearer s3cret-token").statusCode());
            assertEquals(200, session.get("/api/v1/sources?token=s3cret-token").statusCode());
        }
    }

    @Test
    void badStreamParametersAreRefusedNamingTheParameter()
            throws Exception
    {
        try (PipelineSession session = new PipelineSession(10, ReplaySpeed.MAX, "trades", "")) {
            session.pipe.start();
            HttpResponse<String> channel = session.get("/api/v1/stream?channels=trades,nope");
            assertEquals(400, channel.statusCode());
            assertTrue(MAPPER.readTree(channel.body()).get("error").asText().startsWith("unknown channel \"nope\""), channel.body());
            HttpResponse<String> throttle = session.get("/api/v1/stream?throttle=soon");
            assertEquals(400, throttle.statusCode());
            assertTrue(throttle.body().contains("throttle \\\"soon\\\" is not a duration"), throttle.body());
            assertEquals(404, session.get("/api/v1/nothing").statusCode());
        }
    }

    @Test
    void portInUseFailsTheStartBeforeAnyVenueIsConnected()
            throws Exception
    {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                PipelineSession session = new PipelineSession(10, ReplaySpeed.MAX, "trades", "marketpipe.http.port = " + taken.getLocalPort() + "\n")) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, session.pipe::start);
            assertTrue(failure.getMessage().startsWith("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort()), failure.getMessage());
            assertEquals(0, session.venue.connectionCount());
        }
    }

    @Test
    void disabledServerServesNothing()
            throws Exception
    {
        try (PipelineSession session = new PipelineSession(10, ReplaySpeed.MAX, "trades", "marketpipe.http.enabled = false\n")) {
            session.pipe.start();
            session.await("every trade arrived", () -> session.count("trade") == 10);
            assertTrue(session.pipe.httpAddress().isEmpty());
        }
    }

    @Test
    void nonLoopbackAddressWithoutTokenIsRefused()
    {
        MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(Path.of(System.getProperty("java.io.tmpdir"), "marketpipe-http-no-plugins-" + UUID.randomUUID()))
                .config("marketpipe.metrics.log-interval = 0\nmarketpipe.http { host = \"0.0.0.0\", port = 0 }\n")
                .http()
                .build();
        try {
            ConfigurationException refused = assertThrows(ConfigurationException.class, pipe::start);
            assertTrue(refused.getMessage().contains("marketpipe.http.token"), refused.getMessage());
            assertTrue(pipe.httpAddress().isEmpty());
        }
        finally {
            pipe.close();
        }
    }

    @Test
    void viewsAnswerLatestQuotesSourcesAndPagedHistory()
            throws Exception
    {
        int trades = 1234;
        try (PipelineSession session = new PipelineSession(trades, ReplaySpeed.MAX, "trades, quotes, book", "marketpipe.aggregation.enabled = true\n")) {
            session.pipe.start();
            session.await("every trade arrived", () -> session.count("trade") == trades);

            JsonNode instruments = MAPPER.readTree(session.get("/api/v1/instruments").body());
            assertEquals("BTC/USDT", instruments.get("instruments").get(0).get("symbol").asText());
            assertEquals("binance-spot", instruments.get("sources").get(0).asText());

            MarketEvent lastQuote = session.events("quote").get(session.events("quote").size() - 1);
            JsonNode latest = MAPPER.readTree(session.get("/api/v1/latest?symbol=BTC/USDT").body()).get("latest").get(0);
            assertEquals("binance", latest.get("exchange").asText());
            assertEquals(MAPPER.readTree(EventJson.toJson(lastQuote)), latest.get("quote"));
            assertEquals(session.market.lastTradePrice(), latest.get("trade").get("price").asText());

            JsonNode sources = MAPPER.readTree(session.get("/api/v1/sources").body()).get("sources").get(0);
            assertEquals("binance-spot", sources.get("source").asText());
            assertTrue(sources.get("connected").asBoolean(), sources.toString());

            JsonNode consolidated = MAPPER.readTree(session.get("/api/v1/consolidated?symbol=BTC/USDT").body());
            assertTrue(consolidated.get("enabled").asBoolean());
            assertEquals("BTC/USDT", consolidated.get("instruments").get(0).get("symbol").asText());

            assertEquals(400, session.get("/api/v1/history/trades?symbol=BTC/USDT").statusCode(), "exchange is required");
            Set<String> ids = new HashSet<>();
            List<String> pages = new ArrayList<>();
            String cursor = null;
            do {
                HttpResponse<String> response = session.get("/api/v1/history/trades?exchange=binance&symbol=BTC/USDT&limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
                assertEquals(200, response.statusCode(), response.body());
                JsonNode page = MAPPER.readTree(response.body());
                page.get("trades").forEach(trade -> assertTrue(ids.add(trade.get("id").asText()), "trade " + trade + " twice"));
                pages.add(response.body());
                cursor = page.has("next") ? page.get("next").asText() : null;
            }
            while (cursor != null && pages.size() < 100);
            assertEquals(trades, ids.size());
            assertEquals(13, pages.size());
        }
    }

    private static List<String> ofType(List<String> data, String type)
    {
        return data.stream().filter(json -> json.startsWith("{\"type\":\"" + type + "\"")).toList();
    }

    private static long subscribers(PipelineSession session)
    {
        Object value = ((Gauge<?>) session.pipe.metrics().getMetrics().get("http.stream.subscribers")).getValue();
        return ((Number) value).longValue();
    }

    private static long counter(PipelineSession session, String name)
    {
        return session.pipe.count(name);
    }
}
