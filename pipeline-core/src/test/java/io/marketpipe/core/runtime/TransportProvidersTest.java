package io.marketpipe.core.runtime;
import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.core.metrics.DropwizardMetrics;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransportProvidersTest
{
    private final MetricRegistry registry = new MetricRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Config transport = ConfigFactory.defaultReference().getConfig("marketpipe.transport");
    private final TransportProviders.Live live = new TransportProviders.Live(transport, scheduler);

    @AfterEach
    void close()
    {
        live.close();
        scheduler.shutdownNow();
    }

    @Test
    void everyConnectorOfAVenueDrawsOnTheVenuesRestLimit()
            throws Exception
    {
        try (MockWebServer venue = new MockWebServer()) {
            venue.enqueue(new MockResponse.Builder().code(200).body("{}").build());
            venue.start();
            live.restBudget("binance", 10, java.time.Duration.ofMinutes(1));
            RestTransport spot = live.rest("binance-spot", "binance", metrics("binance-spot"));
            RestTransport futures = live.rest("binance-usdm", "binance", metrics("binance-usdm"));
            RestTransport other = live.rest("okx-spot", "okx", metrics("okx-spot"));

            spot.send(RestRequest.get(venue.url("/api/v3/depth?symbol=BTCUSDT").toString(), 7)).get(10, TimeUnit.SECONDS);
            futures.send(RestRequest.get(venue.url("/fapi/v1/depth?symbol=BTCUSDT").toString(), 7));

            assertEquals(7L, gauge("binance-usdm", "rest.weight.used"), "the spot connector's request counts for the futures connector");
            assertEquals(1, registry.counter("connector.binance-usdm.transport.rest.queued").getCount(), "7 more would pass the venue's 10");
            assertEquals(0L, gauge("okx-spot", "rest.weight.used"), "another venue has its own budget");
        }
    }

    private DropwizardMetrics metrics(String connector)
    {
        return new DropwizardMetrics(registry, "connector." + connector + ".transport");
    }

    private Object gauge(String connector, String name)
    {
        return registry.getGauges().get("connector." + connector + ".transport." + name).getValue();
    }
}
