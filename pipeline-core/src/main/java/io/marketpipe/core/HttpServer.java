package io.marketpipe.core;

import com.typesafe.config.Config;
import io.marketpipe.api.metrics.Metrics;

import java.net.URI;

/**
 * The HTTP server an embedded pipeline can run beside itself ({@link MarketPipe.Builder#http()}):
 * health, metrics, read-only JSON views, the live event stream and the dashboard. The
 * {@code pipeline-http} module provides it through {@link java.util.ServiceLoader}; it sees the
 * pipeline only through {@link MarketPipe}'s read-only views and, as a listener, its events.
 */
public interface HttpServer
        extends EventListener, AutoCloseable
{
    /**
     * Binds and starts serving as configured under {@code marketpipe.http}.
     *
     * @param pipe the pipeline whose read-only views the server answers with
     * @param config the effective configuration, of which the server reads {@code marketpipe.http}
     * @param metrics where the server counts what it does ({@code http.*})
     * @return the base URL the server answers on, with the bound port
     * @throws io.marketpipe.api.config.ConfigurationException when the configuration is not servable
     *         (a non-loopback address without a token, say)
     */
    URI start(MarketPipe pipe, Config config, Metrics metrics);

    /**
     * Stops serving; open streams end.
     */
    @Override
    void close();
}
