package io.marketpipe.okx;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;
import io.marketpipe.toolkit.VenueInstruments;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Turns OKX v5 WebSocket frames into canonical events. A push names its channel and instrument
 * in {@code arg}; the decoder goes by that, never by what was subscribed, so recordings made with
 * other subscriptions replay like live traffic. Stateless and thread-safe.
 */
final class OkxDecoder
{
    static final String PONG = "pong";

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final VenueInstruments instruments;

    OkxDecoder(VenueInstruments instruments)
    {
        this.instruments = requireNonNull(instruments, "instruments is null");
    }

    /**
     * Receives what a frame holds.
     */
    interface Handler
    {
        /** A push of the stream ({@code channel:instId}) arrived; its content follows, or a decode failure. */
        void stream(String name);

        /** A trade, quote, ticker, candle or funding rate. */
        void event(MarketEvent event);

        void book(OkxBookMessage message);

        /** OKX rejected a request ({@code event = error}). */
        void rejected(String code, String message);

        /** OKX announced something about the connection ({@code event = notice}), e.g. an upcoming service upgrade. */
        void notice(String code, String message);

        /** A well-formed frame this adapter does not use (acks, pongs, legacy v3 tables). */
        void ignored(String what);
    }

    /**
     * @throws DecodeException naming what was wrong; entries decoded before the problem have been handed over
     */
    void decode(String text, long receivedNanos, Handler handler)
            throws DecodeException
    {
        if (text.equals(PONG)) {
            handler.ignored(PONG);
            return;
        }
        Object root = JsonObject.parse(text);
        if (!(root instanceof JsonObject)) {
            throw new DecodeException("expected a JSON object, got " + JsonObject.describe(root));
        }
        JsonObject frame = (JsonObject) root;
        String event = frame.optionalString("event");
        if (event != null) {
            switch (event) {
                case "error":
                    handler.rejected(frame.optionalString("code"), frame.optionalString("msg"));
                    return;
                case "notice":
                    handler.notice(frame.optionalString("code"), frame.optionalString("msg"));
                    return;
                default:
                    handler.ignored(event + " " + (frame.has("arg") ? describeArg(frame.object("arg")) : ""));
                    return;
            }
        }
        if (frame.has("table")) {
            handler.ignored("OKEx v3 table " + frame.get("table"));
            return;
        }
        if (!frame.has("arg") || !frame.has("data")) {
            throw new DecodeException("frame has neither 'event' nor 'arg' and 'data'");
        }
        JsonObject arg = frame.object("arg");
        String channel = arg.string("channel");
        String instrumentId = arg.optionalString("instId");
        if (instrumentId != null) {
            handler.stream(OkxChannels.stream(channel, instrumentId));
        }
        try {
            push(channel, instrumentId, frame, receivedNanos, handler);
        }
        catch (DecodeException e) {
            throw new DecodeException(channel + (instrumentId == null ? "" : " " + instrumentId) + ": " + e.getMessage(), e);
        }
    }

    private void push(String channel, String instrumentId, JsonObject frame, long receivedNanos, Handler handler)
            throws DecodeException
    {
        List<?> data = frame.array("data");
        if (channel.startsWith("books")) {
            boolean snapshot = !"update".equals(frame.optionalString("action"));
            for (Object entry : data) {
                handler.book(book(channel, snapshot, instrument(object(entry), instrumentId), object(entry), receivedNanos));
            }
            return;
        }
        if (channel.startsWith("candle")) {
            CandleInterval interval = interval(channel.substring("candle".length()));
            Instrument instrument = instrument(null, instrumentId);
            for (Object row : data) {
                if (!(row instanceof List)) {
                    throw new DecodeException("candle row is " + JsonObject.describe(row) + ", not an array");
                }
                handler.event(candle(instrument, interval, (List<?>) row, receivedNanos));
            }
            return;
        }
        for (Object element : data) {
            JsonObject entry = object(element);
            Instrument instrument = instrument(entry, instrumentId);
            switch (channel) {
                case "trades":
                case "trades-all":
                    handler.event(trade(instrument, entry, receivedNanos));
                    break;
                case "bbo-tbt":
                    Quote quote = quote(instrument, entry, receivedNanos);
                    if (quote == null) {
                        handler.ignored("one-sided bbo-tbt of " + instrument.nativeSymbol());
                    }
                    else {
                        handler.event(quote);
                    }
                    break;
                case "tickers":
                    handler.event(ticker(instrument, entry, receivedNanos));
                    break;
                case "funding-rate":
                    handler.event(funding(instrument, entry, receivedNanos));
                    break;
                default:
                    handler.ignored("channel " + channel);
            }
        }
    }

    private OkxBookMessage book(String channel, boolean snapshot, Instrument instrument, JsonObject entry, long receivedNanos)
            throws DecodeException
    {
        long checksum = entry.longValue("checksum", 0);
        return new OkxBookMessage(
                instrument,
                channel,
                snapshot,
                millis(entry, "ts"),
                receivedNanos,
                entry.longValue("seqId", -1),
                entry.longValue("prevSeqId", -1),
                entry.levels("bids"),
                entry.levels("asks"),
                checksum == 0 ? BookDelta.NO_CHECKSUM : checksum);
    }

    private static Trade trade(Instrument instrument, JsonObject entry, long receivedNanos)
            throws DecodeException
    {
        String side = entry.string("side");
        Side aggressor = side.equals("buy") ? Side.BUY : side.equals("sell") ? Side.SELL : Side.UNKNOWN;
        return new Trade(instrument, millis(entry, "ts"), receivedNanos, entry.string("tradeId"), entry.decimal("px"), entry.decimal("sz"), aggressor, false);
    }

    /**
     * @return the best bid and ask, or null when a side is empty (an option nobody bids for)
     */
    private static Quote quote(Instrument instrument, JsonObject entry, long receivedNanos)
            throws DecodeException
    {
        List<io.marketpipe.api.model.PriceLevel> bids = entry.levels("bids");
        List<io.marketpipe.api.model.PriceLevel> asks = entry.levels("asks");
        if (bids.isEmpty() || asks.isEmpty()) {
            return null;
        }
        long seq = entry.longValue("seqId", -1);
        return new Quote(instrument, millis(entry, "ts"), receivedNanos, seq,
                bids.get(0).price(), bids.get(0).size(), asks.get(0).price(), asks.get(0).size());
    }

    /**
     * OKX counts spot volume in the base asset ({@code vol24h}) and quote asset ({@code volCcy24h});
     * derivatives in contracts ({@code vol24h}) and the base asset ({@code volCcy24h}), which is
     * the one published.
     */
    private static Ticker ticker(Instrument instrument, JsonObject entry, long receivedNanos)
            throws DecodeException
    {
        boolean spot = instrument.kind() == MarketKind.SPOT;
        Decimal baseVolume = entry.optionalDecimal(spot ? "vol24h" : "volCcy24h");
        Decimal quoteVolume = spot ? entry.optionalDecimal("volCcy24h") : null;
        return new Ticker(instrument, millis(entry, "ts"), receivedNanos,
                entry.optionalDecimal("last"),
                entry.optionalDecimal("bidPx"), entry.optionalDecimal("bidSz"),
                entry.optionalDecimal("askPx"), entry.optionalDecimal("askSz"),
                entry.optionalDecimal("open24h"), entry.optionalDecimal("high24h"), entry.optionalDecimal("low24h"),
                baseVolume, quoteVolume);
    }

    private static FundingRate funding(Instrument instrument, JsonObject entry, long receivedNanos)
            throws DecodeException
    {
        return new FundingRate(instrument, entry.has("ts") ? millis(entry, "ts") : 0, receivedNanos,
                entry.decimal("fundingRate"), entry.longValue("fundingTime", 0), null, null);
    }

    /**
     * Reads {@code [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]}; recordings from before
     * 2022 end after {@code volCcy}. Volume is published in the base asset: {@code vol} on spot,
     * {@code volCcy} on derivatives (whose {@code vol} counts contracts).
     */
    static Candle candle(Instrument instrument, CandleInterval interval, List<?> row, long receivedNanos)
            throws DecodeException
    {
        if (row.size() < 7) {
            throw new DecodeException("candle row has " + row.size() + " elements; expected at least 7");
        }
        boolean spot = instrument.kind() == MarketKind.SPOT;
        long openTime = longElement(row, 0);
        Decimal volume = decimalElement(row, spot ? 5 : 6);
        Decimal quoteVolume = spot ? decimalElement(row, 6) : row.size() > 7 ? decimalElement(row, 7) : null;
        boolean closed = row.size() > 8 && "1".equals(row.get(8));
        return new Candle(instrument, openTime * NANOS_PER_MILLI, receivedNanos, interval, openTime,
                decimalElement(row, 1), decimalElement(row, 2), decimalElement(row, 3), decimalElement(row, 4),
                volume, quoteVolume, -1, null, null, null, CandleSource.VENUE, closed, 0);
    }

    /**
     * @return the interval of an OKX bar name: {@code 1m}, {@code 1H}, {@code 1Dutc}, {@code 1Mutc}
     */
    static CandleInterval interval(String bar)
            throws DecodeException
    {
        String label = bar.endsWith("utc") ? bar.substring(0, bar.length() - 3) : bar;
        if (label.endsWith("H") || label.endsWith("D") || label.endsWith("W")) {
            label = label.toLowerCase(Locale.ROOT);
        }
        try {
            return CandleInterval.parse(label);
        }
        catch (IllegalArgumentException e) {
            throw new DecodeException("unknown candle bar " + bar + ": " + e.getMessage());
        }
    }

    private Instrument instrument(JsonObject entry, String fromArg)
            throws DecodeException
    {
        String id = entry != null && entry.has("instId") ? entry.string("instId") : fromArg;
        if (id == null) {
            throw new DecodeException("no instId in 'arg' or the entry");
        }
        try {
            return instruments.get(id);
        }
        catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    private static JsonObject object(Object element)
            throws DecodeException
    {
        if (!(element instanceof JsonObject)) {
            throw new DecodeException("data element is " + JsonObject.describe(element) + ", not an object");
        }
        return (JsonObject) element;
    }

    private static long millis(JsonObject entry, String field)
            throws DecodeException
    {
        return entry.longValue(field) * NANOS_PER_MILLI;
    }

    private static long longElement(List<?> row, int index)
            throws DecodeException
    {
        Object value = row.get(index);
        try {
            return Long.parseLong(String.valueOf(value));
        }
        catch (NumberFormatException e) {
            throw new DecodeException("candle element " + index + " is not an integer: " + JsonObject.describe(value));
        }
    }

    private static Decimal decimalElement(List<?> row, int index)
            throws DecodeException
    {
        return JsonObject.toDecimal("candle[" + index + "]", row.get(index));
    }

    private static String describeArg(JsonObject arg)
            throws DecodeException
    {
        String instrumentId = arg.optionalString("instId");
        return arg.optionalString("channel") + (instrumentId == null ? "" : ":" + instrumentId);
    }
}
