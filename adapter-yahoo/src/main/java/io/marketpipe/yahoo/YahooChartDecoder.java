package io.marketpipe.yahoo;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/**
 * Reads a {@code /v8/finance/chart/{symbol}} response: the quote in {@code meta}, one candle per
 * bar of {@code timestamp} and {@code indicators.quote[0]}, dividends and splits from
 * {@code events}, and the regular session from {@code currentTradingPeriod}. Prices are read from
 * the number text exactly.
 *
 * <p>What real responses hold: bars whose prices are all null (no trade in the minute) are left
 * out and counted; a response with no {@code timestamp} has no bars; {@code tradingPeriods} is a
 * list of regular sessions, or an object of {@code pre}, {@code regular} and {@code post} sessions
 * when pre- and post-market bars were asked for, in which case bars outside the regular sessions
 * are dropped unless they are wanted; an error body ({@code chart.error}) is a {@link YahooError}.
 */
final class YahooChartDecoder
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final BiFunction<String, String, Instrument> instruments;
    private final boolean keepPrePost;

    /**
     * @param instruments the instrument of a native symbol and its currency (null when unknown)
     * @param keepPrePost whether bars outside the regular session are kept
     */
    YahooChartDecoder(BiFunction<String, String, Instrument> instruments, boolean keepPrePost)
    {
        this.instruments = requireNonNull(instruments, "instruments is null");
        this.keepPrePost = keepPrePost;
    }

    /**
     * Yahoo answered with an error object: an unknown symbol, a bad range or interval.
     */
    static final class YahooError
            extends Exception
    {
        private final String code;
        private final String description;

        YahooError(String code, String description)
        {
            super(code + ": " + description);
            this.code = code;
            this.description = description;
        }

        String code()
        {
            return code;
        }

        String description()
        {
            return description;
        }
    }

    /**
     * A regular session, epoch seconds.
     */
    record Session(long start, long end)
    {
        boolean contains(long epochSecond)
        {
            return epochSecond >= start && epochSecond < end;
        }
    }

    /**
     * One decoded response.
     *
     * @param ticker the quote in {@code meta}, or null when it has no regular market price
     * @param regular the current regular session, or null when the response has none
     * @param nullBars bars left out because their prices were null
     * @param outsideSession bars left out because they were pre- or post-market
     */
    record Chart(
            Instrument instrument,
            YahooInterval interval,
            Ticker ticker,
            List<Candle> candles,
            List<Dividend> dividends,
            List<Split> splits,
            Session regular,
            int nullBars,
            int outsideSession) {}

    /**
     * @param receivedNanos when the response arrived; bars that ended before it are final
     * @throws YahooError when the body is Yahoo's error object
     * @throws DecodeException naming what is missing or malformed
     */
    Chart decode(String body, long receivedNanos)
            throws DecodeException, YahooError
    {
        JsonObject chart = JsonObject.parseObject(body).object("chart");
        if (chart.has("error")) {
            Object error = chart.get("error");
            if (error instanceof JsonObject object) {
                throw new YahooError(String.valueOf(object.optionalString("code")), String.valueOf(object.optionalString("description")));
            }
            throw new YahooError("error", JsonObject.describe(error));
        }
        List<?> results = chart.array("result");
        if (results.isEmpty() || !(results.get(0) instanceof JsonObject result)) {
            throw new DecodeException("chart.result holds no result");
        }
        JsonObject meta = result.object("meta");
        String symbol = meta.string("symbol");
        String currency = meta.optionalString("currency");
        Instrument instrument = instruments.apply(symbol, currency);
        String granularity = meta.string("dataGranularity");
        YahooInterval interval = YahooInterval.of(granularity)
                .orElseThrow(() -> new DecodeException("meta.dataGranularity \"" + granularity + "\" is not a Yahoo bar size"));

        Ticker ticker = null;
        Decimal price = meta.optionalDecimal("regularMarketPrice");
        if (price != null) {
            ticker = new Ticker(instrument, meta.longValue("regularMarketTime", 0) * NANOS_PER_SECOND, receivedNanos,
                    price, null, null, null, null, null,
                    meta.optionalDecimal("regularMarketDayHigh"),
                    meta.optionalDecimal("regularMarketDayLow"),
                    meta.optionalDecimal("regularMarketVolume"),
                    null);
        }

        Session regular = null;
        if (meta.has("currentTradingPeriod") && meta.object("currentTradingPeriod").has("regular")) {
            regular = session(meta.object("currentTradingPeriod").object("regular"));
        }
        List<Session> sessions = keepPrePost || !intraday(interval) ? List.of() : regularSessions(meta);

        List<Candle> candles = new ArrayList<>();
        int nullBars = 0;
        int outside = 0;
        if (result.has("timestamp")) {
            List<?> times = result.array("timestamp");
            JsonObject quote = firstQuote(result);
            List<?> open = column(quote, "open", times.size());
            List<?> high = column(quote, "high", times.size());
            List<?> low = column(quote, "low", times.size());
            List<?> close = column(quote, "close", times.size());
            List<?> volume = column(quote, "volume", times.size());
            long receivedMillis = Math.floorDiv(receivedNanos, 1_000_000L);
            for (int i = 0; i < times.size(); i++) {
                if (!(times.get(i) instanceof Long seconds)) {
                    throw new DecodeException("timestamp[" + i + "] is " + JsonObject.describe(times.get(i)) + ", not epoch seconds");
                }
                if (open.get(i) == null || high.get(i) == null || low.get(i) == null || close.get(i) == null) {
                    nullBars++;
                    continue;
                }
                if (!sessions.isEmpty() && sessions.stream().noneMatch(session -> session.contains(seconds))) {
                    outside++;
                    continue;
                }
                long openMillis = seconds * 1000;
                candles.add(new Candle(instrument, seconds * NANOS_PER_SECOND, receivedNanos, interval.canonical(), openMillis,
                        JsonObject.toDecimal("open[" + i + "]", open.get(i)),
                        JsonObject.toDecimal("high[" + i + "]", high.get(i)),
                        JsonObject.toDecimal("low[" + i + "]", low.get(i)),
                        JsonObject.toDecimal("close[" + i + "]", close.get(i)),
                        volume.get(i) == null ? Decimal.ZERO : JsonObject.toDecimal("volume[" + i + "]", volume.get(i)),
                        null, -1, null, null, null, CandleSource.VENUE,
                        openMillis + interval.canonical().millis() <= receivedMillis, 0));
            }
        }

        List<Dividend> dividends = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        if (result.has("events")) {
            JsonObject events = result.object("events");
            for (JsonObject dividend : entries(events, "dividends")) {
                dividends.add(new Dividend(instrument, dividend.longValue("date") * NANOS_PER_SECOND, receivedNanos, dividend.decimal("amount"), currency));
            }
            for (JsonObject split : entries(events, "splits")) {
                splits.add(new Split(instrument, split.longValue("date") * NANOS_PER_SECOND, receivedNanos, split.decimal("numerator"), split.decimal("denominator")));
            }
            dividends.sort(Comparator.comparingLong(Dividend::venueNanos));
            splits.sort(Comparator.comparingLong(Split::venueNanos));
        }
        return new Chart(instrument, interval, ticker, candles, dividends, splits, regular, nullBars, outside);
    }

    private static boolean intraday(YahooInterval interval)
    {
        return interval.canonical().millis() < 86_400_000L;
    }

    private static JsonObject firstQuote(JsonObject result)
            throws DecodeException
    {
        List<?> quotes = result.object("indicators").array("quote");
        if (quotes.isEmpty() || !(quotes.get(0) instanceof JsonObject quote)) {
            throw new DecodeException("indicators.quote holds no bars object");
        }
        return quote;
    }

    private static List<?> column(JsonObject quote, String name, int size)
            throws DecodeException
    {
        if (!quote.hasKey(name)) {
            throw new DecodeException("indicators.quote[0]." + name + " is missing for " + size + " timestamps");
        }
        List<?> values = quote.array(name);
        if (values.size() != size) {
            throw new DecodeException("indicators.quote[0]." + name + " holds " + values.size() + " values for " + size + " timestamps");
        }
        return values;
    }

    private static List<Session> regularSessions(JsonObject meta)
            throws DecodeException
    {
        Object periods = meta.get("tradingPeriods");
        if (periods instanceof JsonObject byKind) {
            periods = byKind.get("regular");
        }
        List<Session> sessions = new ArrayList<>();
        if (periods instanceof List<?> days) {
            for (Object day : days) {
                if (day instanceof List<?> inDay) {
                    for (Object period : inDay) {
                        if (period instanceof JsonObject object) {
                            sessions.add(session(object));
                        }
                    }
                }
            }
        }
        return sessions;
    }

    private static Session session(JsonObject period)
            throws DecodeException
    {
        return new Session(period.longValue("start"), period.longValue("end"));
    }

    private static List<JsonObject> entries(JsonObject events, String name)
            throws DecodeException
    {
        if (!events.has(name)) {
            return List.of();
        }
        JsonObject byDate = events.object(name);
        List<JsonObject> entries = new ArrayList<>();
        for (String date : byDate.names()) {
            entries.add(byDate.object(date));
        }
        return entries;
    }
}
