package io.marketpipe.http;

import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.venue.FakeVenue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A pipeline serving HTTP on a free loopback port, its Binance connector on a fake venue, and an
 * in-process listener that records every event.
 */
final class PipelineSession
        implements AutoCloseable
{
    final FakeBinanceMarket market;
    final FakeVenue venue;
    final MarketPipe pipe;
    final List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient client = HttpClient.newHttpClient();

    PipelineSession(int trades, ReplaySpeed speed, String channels, String extraConfig)
            throws IOException
    {
        this(new FakeBinanceMarket(42, trades), speed, channels, extraConfig);
    }

    PipelineSession(FakeBinanceMarket market, ReplaySpeed speed, String channels, String extraConfig)
            throws IOException
    {
        this.market = market;
        venue = market.start(speed);
        pipe = MarketPipe.builder()
                .pluginsDirectory(Path.of(System.getProperty("java.io.tmpdir"), "marketpipe-http-no-plugins-" + UUID.randomUUID()))
                .config(FakeVenue.PIPELINE_SETTINGS + "marketpipe.connectors = [" + FakeBinanceMarket.connector(venue, channels) + "]\n"
                        + "marketpipe.stores = [{ type = memory }]\n"
                        + "marketpipe.metrics.log-interval = 0\n"
                        + "marketpipe.http.port = 0\n"
                        + extraConfig)
                .listener(events::add)
                .http()
                .build();
    }

    /**
     * Starts the pipeline with the venue holding its first frame until {@link FakeVenue#resume()}.
     */
    void startHeld()
    {
        venue.pauseAfter(0);
        pipe.start();
        await("the connector connected and the venue holds its frames", venue::paused);
    }

    URI url(String pathAndQuery)
    {
        return pipe.httpAddress().orElseThrow().resolve(pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(pathAndQuery));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    long count(String type)
    {
        synchronized (events) {
            return events.stream().filter(event -> event.type().equals(type)).count();
        }
    }

    List<MarketEvent> events(String type)
    {
        synchronized (events) {
            return events.stream().filter(event -> event.type().equals(type)).toList();
        }
    }

    void await(String description, BooleanSupplier condition)
    {
        Await.until(description, condition, () -> "venue " + venue + ", trades " + count("trade") + ", quotes " + count("quote"));
    }

    @Override
    public void close()
    {
        // the venue outlives the pipeline, so the connector's close is not taken for a lost connection
        try (venue) {
            pipe.close();
        }
    }
}
