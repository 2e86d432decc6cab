package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.core.capture.CaptureFormatException;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.CaptureTruncatedException;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransportProvidersTest
{
    @TempDir
    Path temp;

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

    @Test
    void aRecordingReachesTheDiskWhileItRunsSoAKilledRecorderLeavesAReplayableFile()
            throws Exception
    {
        Path file = temp.resolve("recording.jsonl.gz");
        TransportProviders.Recording recording = new TransportProviders.Recording(live, TransportOptions.record(file), Duration.ofMillis(20), scheduler);
        try (MockWebServer venue = new MockWebServer()) {
            venue.enqueue(new MockResponse.Builder().code(200).body("{\"lastUpdateId\":1}").build());
            venue.start();
            RestTransport rest = recording.rest("binance-spot", "binance", metrics("binance-spot"));
            rest.send(RestRequest.get(venue.url("/api/v3/depth?symbol=BTCUSDT").toString(), 1)).get(10, TimeUnit.SECONDS);

            // the file is not closed: what is on disk now is what a recorder killed now leaves
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<CaptureLine> onDisk = readableLines(file);
            while (onDisk.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                onDisk = readableLines(file);
            }
            assertEquals(1, onDisk.size(), "the REST exchange is on disk before the recording ends");
            assertEquals("{\"lastUpdateId\":1}", onDisk.get(0).data());
        }
        finally {
            recording.close();
        }
    }

    private static List<CaptureLine> readableLines(Path file)
            throws IOException
    {
        List<CaptureLine> lines = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        catch (CaptureTruncatedException expected) {
            // the gzip stream of a file still being written has no end yet
        }
        catch (CaptureFormatException | java.io.EOFException notYetWritten) {
            return List.of();
        }
        return lines;
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
