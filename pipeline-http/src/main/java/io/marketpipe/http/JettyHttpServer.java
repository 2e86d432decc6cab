package io.marketpipe.http;

import com.typesafe.config.Config;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.HttpServer;
import io.marketpipe.core.MarketPipe;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP server on Jetty: {@code /health}, {@code /metrics}, {@code /api/v1/...}, the
 * {@code /api/v1/stream} Server-Sent Events and the dashboard at {@code /}. Found by
 * {@link MarketPipe.Builder#http()} through {@link java.util.ServiceLoader}; it reads the pipeline
 * only through {@link MarketPipe}'s views and receives its events as a listener.
 */
public final class JettyHttpServer
        implements HttpServer
{
    private static final Logger log = LoggerFactory.getLogger(JettyHttpServer.class);
    // a stopping server waits this long for open exchanges; streams were already told to end
    private static final long STOP_TIMEOUT_MILLIS = 1000;

    private final LiveState live = new LiveState();
    private volatile StreamHub hub;
    private Server server;
    private ScheduledExecutorService scheduler;

    /**
     * Creates a server that serves nothing until started; {@link java.util.ServiceLoader} calls it.
     */
    public JettyHttpServer() {}

    @Override
    public void onEvent(MarketEvent event)
    {
        live.observe(event);
        StreamHub streams = hub;
        if (streams != null) {
            streams.publish(event);
        }
    }

    @Override
    public synchronized URI start(MarketPipe pipe, Config config, Metrics metrics)
    {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpSettings settings = HttpSettings.from(config);
        settings.checkExposure();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "marketpipe-http-clock");
            thread.setDaemon(true);
            return thread;
        });
        EventRates rates = new EventRates(pipe.metrics());
        scheduler.scheduleAtFixedRate(() -> rates.sample(System.nanoTime()), 0, 1, TimeUnit.SECONDS);
        StreamHub streams = new StreamHub(settings, scheduler, metrics);

        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("marketpipe-http");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty, 1, 1);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        jetty.addConnector(connector);
        jetty.setHandler(new HttpRoutes(new ApiViews(pipe, live, rates, settings), new PrometheusMetrics(pipe.metrics()), streams));
        jetty.setStopTimeout(STOP_TIMEOUT_MILLIS);
        try {
            jetty.start();
        }
        catch (Exception e) {
            scheduler.shutdownNow();
            stopQuietly(jetty);
            throw new IllegalStateException("cannot serve HTTP on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        server = jetty;
        hub = streams;
        URI address = URI.create("http://" + hostForUrl(settings.host()) + ":" + connector.getLocalPort() + "/");
        log.info("Serving {} (dashboard; /health, /metrics, /api/v1, /api/v1/stream){}", address, settings.token().isPresent() ? " with a bearer token" : "");
        return address;
    }

    private static String hostForUrl(String host)
    {
        try {
            return InetAddress.getByName(host) instanceof Inet6Address ? "[" + host + "]" : host;
        }
        catch (UnknownHostException e) {
            return host;
        }
    }

    @Override
    public synchronized void close()
    {
        StreamHub streams = hub;
        hub = null;
        if (streams != null) {
            streams.close();
        }
        if (server != null) {
            stopQuietly(server);
            server = null;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private static void stopQuietly(Server jetty)
    {
        try {
            jetty.stop();
        }
        catch (TimeoutException e) {
            log.debug("Connections still open when the HTTP server stopped were closed");
        }
        catch (Exception e) {
            log.warn("The HTTP server did not stop cleanly: {}", e.toString());
        }
    }
}
