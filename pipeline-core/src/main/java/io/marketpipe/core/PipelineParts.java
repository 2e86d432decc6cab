package io.marketpipe.core;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.Config;
import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.internal.book.BookEngine;
import io.marketpipe.core.internal.config.TypesafePluginConfig;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import io.marketpipe.core.internal.resilience.SourceReconnectPolicy;
import io.marketpipe.core.internal.transport.LiveRestTransport;
import io.marketpipe.core.internal.transport.LiveWebSocketTransport;
import io.marketpipe.core.internal.transport.RecordedRestExchanges;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime's parts that work on their own, for a plugin's tests and for tools that drive a
 * connector or a store without a whole pipeline. Each is the very implementation the runtime
 * uses, handed out behind its API interface.
 */
public final class PipelineParts
{
    private PipelineParts() {}

    /**
     * @return order books as the runtime keeps them for a connector: verified against the
     *         venue's sequence and checksum rules, publishing depth and status events to {@code sink}
     */
    public static MeasuredBooks orderBooks(String connector, EventSink sink, Metrics metrics, MarketClock clock)
    {
        return new BookEngine(connector, sink, metrics, clock);
    }

    /**
     * Order books with the statistics the runtime reports for them.
     */
    public interface MeasuredBooks
            extends OrderBooks
    {
        /**
         * @return how many books are kept and verified, and the gaps, resyncs, checksum results and crossings so far
         */
        BookStats stats();
    }

    /**
     * Reads a plugin's block as the runtime does: over the defaults the plugin declares, checked
     * against them, with {@code type} and {@code name} allowed in every block.
     *
     * @param path where the block stands in the configuration, for error messages ({@code marketpipe.stores[0]})
     */
    public static PluginConfig pluginConfig(String path, Config block, Config defaults)
    {
        return TypesafePluginConfig.create(path, block, defaults, Set.of("type", "name"));
    }

    /**
     * @return metrics counted in a Dropwizard registry, every name prefixed with {@code scope}
     *         and a dot (none when {@code scope} is empty), as the runtime scopes each plugin
     */
    public static Metrics metrics(MetricRegistry registry, String scope)
    {
        return new DropwizardMetrics(registry, scope);
    }

    /**
     * @return the reconnect policy the runtime gives a connector (backoff with jitter and a
     *         circuit breaker), with the breaker's cool-down on the given clock
     */
    public static ReconnectPolicy reconnectPolicy(String connector, ReconnectPolicy.Settings settings, ReconnectPolicy.Listener listener, Metrics metrics, Clock clock)
    {
        return new SourceReconnectPolicy(connector, settings, listener, metrics, clock);
    }

    /**
     * @return WebSocket connections to live venues over the client, counted in {@code metrics}
     */
    public static WebSocketTransport webSockets(OkHttpClient client, Metrics metrics)
    {
        return new LiveWebSocketTransport(client, metrics);
    }

    /**
     * @return REST requests to live venues over the client, counted in {@code metrics}
     */
    public static RestTransport rest(OkHttpClient client, Metrics metrics)
    {
        return new LiveRestTransport(client, metrics);
    }

    /**
     * @return an empty set of recorded REST exchanges that answers requests the way replay does
     */
    public static RecordedRest recordedRest()
    {
        return new RecordedRestExchanges();
    }

    /**
     * Recorded REST exchanges, matched to requests as replay matches them: by method, path and
     * the parameters that identify what is asked (not timestamps, signatures or page sizes the
     * venue caps), in recorded order for repeated requests, the last one again after the end.
     */
    public interface RecordedRest
    {
        /**
         * Adds a {@code rest} capture line.
         */
        void add(CaptureLine line);

        /**
         * @return the recorded response to the request, if one matches
         */
        Optional<CaptureLine> answer(String method, String url);

        /**
         * @return the requests recorded, in order
         */
        List<RestRequest> requests();
    }
}
