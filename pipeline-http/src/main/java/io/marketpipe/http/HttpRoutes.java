package io.marketpipe.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.store.StoreQuery;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Routes requests to the endpoints, after the bearer token check. Every endpoint is read-only.
 */
final class HttpRoutes
        extends Handler.Abstract
{
    private static final Logger log = LoggerFactory.getLogger(HttpRoutes.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String API = "/api/v1/";
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", Asset.load("index.html", "text/html; charset=utf-8"),
            "/index.html", Asset.load("index.html", "text/html; charset=utf-8"),
            "/dashboard.js", Asset.load("dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard.css", Asset.load("dashboard.css", "text/css; charset=utf-8"));

    private final ApiViews views;
    private final PrometheusMetrics metrics;
    private final StreamHub streams;
    private final HttpSettings settings;

    HttpRoutes(ApiViews views, PrometheusMetrics metrics, StreamHub streams)
    {
        this.views = requireNonNull(views, "views is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.streams = requireNonNull(streams, "streams is null");
        this.settings = views.settings();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        String path = Request.getPathInContext(request);
        Fields query = Request.extractQueryParameters(request);
        try {
            if (!HttpMethod.GET.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "every endpoint is read-only: GET only");
                return true;
            }
            if (!authorized(request, query)) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"marketpipe\"");
                error(response, callback, HttpStatus.UNAUTHORIZED_401, "a bearer token is required (Authorization: Bearer <token>, or ?token=)");
                return true;
            }
            Asset asset = ASSETS.get(path);
            if (asset != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
                return true;
            }
            switch (path) {
                case "/health" -> health(response, callback);
                case "/metrics" -> metrics(request, response, callback);
                case API + "stream" -> stream(query, response, callback);
                case API + "instruments" -> json(response, callback, HttpStatus.OK_200, views::instruments);
                case API + "sources" -> json(response, callback, HttpStatus.OK_200, views::sources);
                case API + "quality" -> json(response, callback, HttpStatus.OK_200, views::quality);
                case API + "latest" -> json(response, callback, HttpStatus.OK_200, json -> views.latest(json, query.getValue("symbol")));
                case API + "consolidated" -> json(response, callback, HttpStatus.OK_200, json -> views.consolidated(json, query.getValue("symbol")));
                case API + "candles" -> candles(query, response, callback);
                default -> {
                    if (path.startsWith(API + "history/")) {
                        history(path.substring((API + "history/").length()), query, response, callback);
                    }
                    else {
                        error(response, callback, HttpStatus.NOT_FOUND_404, "no such endpoint: " + path);
                    }
                }
            }
        }
        catch (IllegalArgumentException | ConfigurationException e) {
            error(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
        catch (ApiViews.NotFound e) {
            error(response, callback, HttpStatus.NOT_FOUND_404, e.getMessage());
        }
        catch (IOException | RuntimeException e) {
            log.warn("{} failed: {}", path, e.toString(), e);
            error(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error: " + e);
        }
        return true;
    }

    private boolean authorized(Request request, Fields query)
    {
        if (settings.token().isEmpty()) {
            return true;
        }
        String expected = settings.token().get();
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String given = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        }
        else if (query.getValue("token") != null) {
            given = query.getValue("token");
        }
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private void health(Response response, Callback callback)
            throws IOException
    {
        boolean[] critical = new boolean[1];
        byte[] body = render(json -> critical[0] = views.health(json));
        send(response, callback, critical[0] ? HttpStatus.SERVICE_UNAVAILABLE_503 : HttpStatus.OK_200, "application/json", body);
    }

    private void metrics(Request request, Response response, Callback callback)
            throws IOException
    {
        ExpositionFormatWriter writer = PrometheusMetrics.writerFor(request.getHeaders().get(HttpHeader.ACCEPT));
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.write(writer, out);
        send(response, callback, HttpStatus.OK_200, writer.getContentType(), out.toByteArray());
    }

    private void stream(Fields query, Response response, Callback callback)
    {
        StreamFilter filter = StreamFilter.parse(query.getValue("channels"), query.getValue("symbols"), query.getValue("throttle"), settings.throttle());
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no");
        // a stream that ends, for whatever reason, ends its connection too
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Optional<StreamSubscriber> subscriber = streams.subscribe(filter, response, callback);
        if (subscriber.isEmpty()) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the server already streams to " + settings.maxSubscribers() + " subscribers (marketpipe.http.stream.max-subscribers)");
            return;
        }
        subscriber.get().iterate();
    }

    private void candles(Fields query, Response response, Callback callback)
            throws IOException
    {
        String symbol = required(query, "symbol");
        CandleInterval interval = CandleInterval.parse(Optional.ofNullable(query.getValue("interval")).orElse("1m"));
        CandleSource source = switch (Optional.ofNullable(query.getValue("source")).orElse("built")) {
            case "built" -> CandleSource.BUILT;
            case "venue" -> CandleSource.VENUE;
            default -> throw new IllegalArgumentException("source must be built or venue");
        };
        int limit = limit(query, settings.recentCandles());
        json(response, callback, HttpStatus.OK_200, json -> views.candles(json, symbol, query.getValue("exchange"), interval, source, limit));
    }

    private void history(String kind, Fields query, Response response, Callback callback)
            throws IOException
    {
        String exchange = required(query, "exchange");
        String symbol = required(query, "symbol");
        long from = longParameter(query, "from", 0);
        long to = longParameter(query, "to", Long.MAX_VALUE);
        int skip = 0;
        String cursor = query.getValue("cursor");
        if (cursor != null) {
            int dot = cursor.indexOf('.');
            try {
                from = Long.parseLong(dot < 0 ? cursor : cursor.substring(0, dot));
                skip = dot < 0 ? 0 : Integer.parseInt(cursor.substring(dot + 1));
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor \"" + cursor + "\" is not one this server handed out");
            }
        }
        CandleInterval interval = query.getValue("interval") == null ? null : CandleInterval.parse(query.getValue("interval"));
        StoreQuery storeQuery = new StoreQuery(exchange, query.getValue("market"), symbol, interval, from, to, limit(query, settings.defaultPage()));
        int skipped = skip;
        json(response, callback, HttpStatus.OK_200, json -> views.history(json, kind, storeQuery, skipped));
    }

    private int limit(Fields query, int defaultLimit)
    {
        long limit = longParameter(query, "limit", defaultLimit);
        if (limit < 1 || limit > settings.maxPage()) {
            throw new IllegalArgumentException("limit must be between 1 and " + settings.maxPage());
        }
        return (int) limit;
    }

    private static String required(Fields query, String name)
    {
        String value = query.getValue(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("parameter " + name + " is required");
        }
        return value;
    }

    private static long longParameter(Fields query, String name, long defaultValue)
    {
        String value = query.getValue(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be a whole number, was \"" + value + "\"");
        }
    }

    private static void json(Response response, Callback callback, int status, JsonBody body)
            throws IOException
    {
        send(response, callback, status, "application/json", render(body));
    }

    private static byte[] render(JsonBody body)
            throws IOException
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(json);
        }
        return out.toByteArray();
    }

    private static void error(Response response, Callback callback, int status, String message)
    {
        try {
            json(response, callback, status, json -> {
                json.writeStartObject();
                json.writeStringField("error", message == null ? "" : message);
                json.writeEndObject();
            });
        }
        catch (IOException e) {
            callback.failed(e);
        }
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @FunctionalInterface
    private interface JsonBody
    {
        void write(JsonGenerator json)
                throws IOException;
    }

    /**
     * A file of the dashboard, shipped in the jar.
     */
    private record Asset(byte[] bytes, String contentType)
    {
        static Asset load(String name, String contentType)
        {
            try (InputStream in = HttpRoutes.class.getResourceAsStream("dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard/" + name + " is missing from the jar");
                }
                return new Asset(in.readAllBytes(), contentType);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

}
