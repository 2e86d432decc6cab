package io.marketpipe.yahoo;

import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.PollingScheduler.Outcome;
import io.marketpipe.toolkit.PollingScheduler;
import io.marketpipe.toolkit.VenueRestClient;
import io.marketpipe.toolkit.VenueRestException;
import io.marketpipe.toolkit.VenueStatus;
import io.marketpipe.yahoo.YahooChartDecoder.Chart;
import io.marketpipe.yahoo.YahooChartDecoder.YahooError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Polls Yahoo Finance's chart API ({@code /v8/finance/chart/{symbol}}) for every configured symbol
 * and candle interval, each on its own schedule ({@link PollingScheduler}: no drift, no pile-up,
 * backoff and the source's circuit breaker on failures), within the venue's request budget, which
 * the runtime's transport applies. Every answer publishes the symbol's quote as a {@link Ticker},
 * its bars as venue {@link Candle}s, and its {@link Dividend}s and {@link Split}s; a poll publishes
 * only what the previous polls of the same symbol did not, and reports the market closing and
 * opening from the response's regular session.
 *
 * <p>A symbol Yahoo refuses (400, 404: an unknown symbol, a bad range) gets a status naming it and
 * Yahoo's description, is counted in {@code chart.errors}, and is polled again only after a
 * backoff; the other symbols go on.
 *
 * <p>Replay: when the REST transport holds recorded requests, the connector does not poll. It
 * sends every recorded chart request once, in recorded order, so each recorded response reaches
 * the decoder once, in order, whatever the query parameters its own polls would use; responses are
 * published as they are, without the live de-duplication.
 */
final class YahooConnector
        implements Connector
{
    private static final Logger log = LoggerFactory.getLogger(YahooConnector.class);
    private static final String CHART_PATH = "/v8/finance/chart/";
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    // sessions this long are round-the-clock markets (crypto) whose daily boundary is no closing
    private static final long ROUND_THE_CLOCK_SECONDS = 23 * 3600;

    private final YahooConfig config;
    private final ConnectorContext context;
    private final VenueStatus status;
    private final YahooChartDecoder decoder;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final Map<String, InstrumentState> states = new ConcurrentHashMap<>();
    private final Metrics.Counter responses;
    private final Metrics.Counter chartErrors;
    private final Metrics.Counter decodeErrors;
    private final Metrics.Counter nullBars;
    private final Metrics.Counter outsideSession;
    private final Object lock = new Object();
    private VenueRestClient client;
    private PollingScheduler polls;
    private boolean closed;

    YahooConnector(YahooConfig config, ConnectorContext context)
    {
        this.config = requireNonNull(config, "config is null");
        this.context = requireNonNull(context, "context is null");
        this.status = VenueStatus.of(context, YahooSymbols.VENUE, config.venue().market());
        this.decoder = new YahooChartDecoder(this::instrument, config.includePrePost());
        Metrics metrics = context.metrics();
        this.responses = metrics.counter("chart.responses");
        this.chartErrors = metrics.counter("chart.errors");
        this.decodeErrors = metrics.counter("decode-errors");
        this.nullBars = metrics.counter("chart.null-bars");
        this.outsideSession = metrics.counter("chart.outside-session");
        for (String nativeSymbol : config.nativeSymbols()) {
            instruments.put(nativeSymbol, config.symbols().instrument(nativeSymbol, null));
        }
    }

    @Override
    public void start()
    {
        List<RestRequest> recorded = context.rest().recordedRequests();
        if (!recorded.isEmpty()) {
            replay(recorded);
            return;
        }
        synchronized (lock) {
            if (closed || polls != null) {
                return;
            }
            ReconnectPolicy policy = status.reconnectPolicy(context, config.venue().reconnect());
            polls = new PollingScheduler(context.scheduler(), policy, System::nanoTime, context.metrics());
            for (String nativeSymbol : config.nativeSymbols()) {
                InstrumentState state = state(nativeSymbol);
                if (config.candleIntervals().isEmpty()) {
                    PollTarget target = new PollTarget(nativeSymbol, YahooInterval.D1, state, false);
                    polls.add(nativeSymbol, config.pollInterval(), target::poll);
                }
                for (YahooInterval interval : config.candleIntervals()) {
                    PollTarget target = new PollTarget(nativeSymbol, interval, state, true);
                    polls.add(nativeSymbol + " " + interval.yahoo(), config.pollInterval(), target::poll);
                }
            }
            double perMinute = polls.targets().size() * 60_000.0 / config.pollInterval().toMillis();
            double budgetPerMinute = config.budgetWeight() * 60_000.0 / config.budgetInterval().toMillis();
            if (perMinute > budgetPerMinute) {
                log.warn("{}: {} polls every {} need {} requests a minute, above the rest-budget of {}; polls will answer late and skip due times",
                        context.name(), polls.targets().size(), config.pollInterval(), Math.round(perMinute), Math.round(budgetPerMinute));
            }
            polls.start();
        }
    }

    @Override
    public List<Instrument> instruments()
    {
        return List.copyOf(instruments.values());
    }

    @Override
    public Optional<HistoricalCandles> candleHistory()
    {
        return Optional.of(this::history);
    }

    @Override
    public void close()
    {
        PollingScheduler running;
        synchronized (lock) {
            closed = true;
            running = polls;
        }
        if (running != null) {
            running.close();
        }
    }

    private void replay(List<RestRequest> recorded)
    {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (RestRequest request : recorded) {
            String symbol = YahooSymbols.symbolOf(request.url());
            if (symbol == null) {
                continue;
            }
            chain = chain.thenCompose(ignored -> context.rest().send(request)
                    .handle((response, failure) -> {
                        if (failure != null) {
                            status.report(SourceStatus.Kind.INFO, instrument(symbol, null), symbol + ": no recorded answer: " + VenueRestClient.cause(failure).getMessage());
                        }
                        else {
                            answer(symbol, response.status(), response.body(), response.receivedNanos(), null);
                        }
                        return null;
                    }));
        }
    }

    private CompletableFuture<List<Candle>> history(Instrument instrument, CandleInterval interval, long endMillis, int limit)
    {
        Optional<YahooInterval> barSize = YahooInterval.of(interval.label());
        if (barSize.isEmpty() || limit < 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        long period2 = Math.floorDiv(endMillis, 1000);
        long period1 = Math.max(0, period2 - barSize.get().canonical().millis() / 1000 * limit);
        String url = chartUrl(instrument.nativeSymbol(), barSize.get())
                + "&period1=" + period1 + "&period2=" + period2;
        return client().send(request(url), response -> {
                    try {
                        return decoder.decode(response.body(), response.receivedNanos());
                    }
                    catch (YahooError e) {
                        throw new DecodeException("Yahoo answered " + e.getMessage());
                    }
                })
                .exceptionallyCompose(failure -> {
                    Throwable cause = VenueRestClient.cause(failure);
                    if (cause instanceof VenueRestException rejected) {
                        return CompletableFuture.failedFuture(new IllegalArgumentException(
                                instrument.nativeSymbol() + ": Yahoo answered " + rejected.status() + " " + errorDescription(rejected.body()), rejected));
                    }
                    return CompletableFuture.failedFuture(cause);
                })
                .thenApply(chart -> {
                    InstrumentState state = state(instrument.nativeSymbol());
                    publishCorporateActions(chart, state);
                    List<Candle> candles = new ArrayList<>();
                    for (Candle candle : chart.candles()) {
                        if (candle.closed() && candle.openTimeMillis() < endMillis) {
                            candles.add(candle);
                        }
                    }
                    return List.copyOf(candles.subList(Math.max(0, candles.size() - limit), candles.size()));
                });
    }

    private VenueRestClient client()
    {
        synchronized (lock) {
            if (client == null) {
                client = new VenueRestClient(context.rest(), context.scheduler(), DEFAULT_RETRY_AFTER, response -> {}, context.metrics());
            }
            return client;
        }
    }

    private RestRequest request(String url)
    {
        return new RestRequest("GET", url, config.userAgent().isEmpty() ? Map.of() : Map.of("User-Agent", config.userAgent()), null, 1);
    }

    private String chartUrl(String nativeSymbol, YahooInterval interval)
    {
        return config.restUrl() + CHART_PATH + YahooSymbols.pathSegment(nativeSymbol)
                + "?interval=" + interval.yahoo()
                + "&includePrePost=" + config.includePrePost()
                + (config.corporateActions() ? "&events=div%7Csplit" : "");
    }

    /**
     * Handles one answer, live or replayed.
     *
     * @param target the poll it answers, or null in replay (nothing is de-duplicated)
     */
    private Outcome answer(String symbol, int httpStatus, String body, long receivedNanos, PollTarget target)
    {
        responses.inc();
        if (httpStatus == 429 || httpStatus >= 500) {
            status.report(SourceStatus.Kind.INFO, instrument(symbol, null), symbol + ": Yahoo answered " + httpStatus + " " + errorDescription(body));
            return Outcome.FAILED;
        }
        Chart chart;
        try {
            chart = decoder.decode(body, receivedNanos);
        }
        catch (YahooError e) {
            chartErrors.inc();
            status.report(SourceStatus.Kind.INFO, instrument(symbol, null), symbol + ": Yahoo answered " + httpStatus + " " + e.code() + ": " + e.description());
            return Outcome.REFUSED;
        }
        catch (DecodeException e) {
            if (httpStatus >= 400) {
                chartErrors.inc();
                status.report(SourceStatus.Kind.INFO, instrument(symbol, null), symbol + ": Yahoo answered " + httpStatus + " " + errorDescription(body));
                return Outcome.REFUSED;
            }
            decodeErrors.inc();
            status.report(SourceStatus.Kind.DECODE_ERROR, instrument(symbol, null), symbol + ": unreadable chart response: " + e.getMessage());
            return Outcome.ANSWERED;
        }
        nullBars.inc(chart.nullBars());
        outsideSession.inc(chart.outsideSession());
        publish(chart, target);
        return Outcome.ANSWERED;
    }

    private void publish(Chart chart, PollTarget target)
    {
        InstrumentState state = target == null ? null : target.state;
        if (chart.ticker() != null && config.venue().channels().contains(Channel.TICKER) && (state == null || state.newTicker(chart.ticker()))) {
            emit(chart.ticker());
        }
        if (target == null || target.candles) {
            for (Candle candle : chart.candles()) {
                if (target == null || target.fresh(candle)) {
                    emit(candle);
                }
            }
        }
        publishCorporateActions(chart, state);
        if (state != null && chart.regular() != null) {
            long now = Math.floorDiv(context.clock().nowNanos(), 1_000_000_000L);
            YahooChartDecoder.Session session = chart.regular();
            boolean open = session.end() - session.start() >= ROUND_THE_CLOCK_SECONDS || session.contains(now);
            Boolean previous = state.marketOpen(open);
            if (!open && !Boolean.FALSE.equals(previous)) {
                status.report(SourceStatus.Kind.MARKET_CLOSED, chart.instrument(), chart.instrument().nativeSymbol() + ": market closed; regular session "
                        + session.start() + " to " + session.end() + " (epoch s)");
            }
            else if (open && Boolean.FALSE.equals(previous)) {
                status.report(SourceStatus.Kind.MARKET_OPEN, chart.instrument(), chart.instrument().nativeSymbol() + ": market open");
            }
        }
    }

    private void publishCorporateActions(Chart chart, InstrumentState state)
    {
        if (!config.corporateActions() && state != null) {
            return;
        }
        for (Dividend dividend : chart.dividends()) {
            if (state == null || state.newAction("dividend", dividend.venueNanos())) {
                emit(dividend);
            }
        }
        for (Split split : chart.splits()) {
            if (state == null || state.newAction("split", split.venueNanos())) {
                emit(split);
            }
        }
    }

    private void emit(MarketEvent event)
    {
        context.sink().accept(event);
    }

    private static String errorDescription(String body)
    {
        try {
            Object error = io.marketpipe.toolkit.JsonObject.parseObject(body).object("chart").get("error");
            if (error instanceof io.marketpipe.toolkit.JsonObject object) {
                return object.optionalString("code") + ": " + object.optionalString("description");
            }
        }
        catch (DecodeException e) {
            // not Yahoo's error object: say what the body holds
        }
        String line = body.strip().replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private Instrument instrument(String nativeSymbol, String currency)
    {
        return instruments.compute(nativeSymbol, (symbol, known) ->
                known == null || (known.quote() == null && currency != null) ? config.symbols().instrument(symbol, currency) : known);
    }

    private InstrumentState state(String nativeSymbol)
    {
        return states.computeIfAbsent(nativeSymbol, ignored -> new InstrumentState());
    }

    /**
     * What the live polls of one symbol published, shared by its intervals.
     */
    private static final class InstrumentState
    {
        private final Set<String> actions = new HashSet<>();
        private Ticker lastTicker;
        private Boolean marketOpen;

        synchronized boolean newTicker(Ticker ticker)
        {
            Ticker last = lastTicker;
            lastTicker = ticker;
            return last == null
                    || last.venueNanos() != ticker.venueNanos()
                    || !Objects.equals(last.last(), ticker.last())
                    || !Objects.equals(last.volume(), ticker.volume());
        }

        synchronized boolean newAction(String kind, long venueNanos)
        {
            return actions.add(kind + venueNanos);
        }

        /**
         * @return the state before, null when unknown
         */
        synchronized Boolean marketOpen(boolean open)
        {
            Boolean previous = marketOpen;
            marketOpen = open;
            return previous;
        }
    }

    /**
     * One symbol and bar size, polled on its own schedule.
     */
    private final class PollTarget
    {
        private final String nativeSymbol;
        private final YahooInterval interval;
        private final InstrumentState state;
        private final boolean candles;
        // touched by one poll at a time: the scheduler never overlaps a target's polls
        private long lastFinalOpen = Long.MIN_VALUE;
        private Candle lastOpenCandle;

        PollTarget(String nativeSymbol, YahooInterval interval, InstrumentState state, boolean candles)
        {
            this.nativeSymbol = nativeSymbol;
            this.interval = interval;
            this.state = state;
            this.candles = candles;
        }

        CompletableFuture<Outcome> poll()
        {
            String url = chartUrl(nativeSymbol, interval) + "&range=" + (candles ? interval.pollRange() : "1d");
            return client().send(request(url), response -> response)
                    .handle((response, failure) -> {
                        if (failure == null) {
                            return answer(nativeSymbol, response.status(), response.body(), response.receivedNanos(), this);
                        }
                        Throwable cause = VenueRestClient.cause(failure);
                        if (cause instanceof VenueRestException rejected) {
                            return answer(nativeSymbol, rejected.status(), rejected.body(), context.clock().nowNanos(), this);
                        }
                        return Outcome.FAILED;
                    });
        }

        /**
         * @return true when the candle is news: a final bar after the last final one published, or
         *         the bar in progress when it changed
         */
        boolean fresh(Candle candle)
        {
            if (candle.openTimeMillis() <= lastFinalOpen) {
                return false;
            }
            if (candle.closed()) {
                lastFinalOpen = candle.openTimeMillis();
                return true;
            }
            boolean changed = lastOpenCandle == null || lastOpenCandle.openTimeMillis() != candle.openTimeMillis()
                    || !lastOpenCandle.close().equals(candle.close())
                    || !lastOpenCandle.high().equals(candle.high())
                    || !lastOpenCandle.low().equals(candle.low())
                    || !lastOpenCandle.volume().equals(candle.volume());
            lastOpenCandle = candle;
            return changed;
        }
    }
}
