package io.marketpipe.core.internal.validation;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Checks one connector's events before anything downstream sees them: positive prices,
 * non-negative sizes, candle OHLC integrity, quotes not crossed, sane timestamps, and trades
 * neither duplicated nor out of order by venue trade id (per instrument, over a bounded memory of
 * recent ids), and quotes not repeated (a quote with the venue sequence number, time and prices of
 * the instrument's previous one is a frame received twice). Status events are not checked. Order books are verified by the book engine
 * (sequence, checksum, crossing); here their levels are checked like any price and size.
 *
 * <p>Timestamps: neither may be negative, at least one must be known (a venue time of 0 means the
 * venue sent none), and a venue time may not be more than {@code max-future} ahead of the receive
 * time. Thread-safe.
 */
public final class EventValidator
{
    private final ValidationSettings settings;
    private final long maxFutureNanos;
    private final Map<Instrument, RecentTradeIds> tradeIds = new HashMap<>();
    private final Map<Instrument, Quote> lastQuotes = new HashMap<>();

    public EventValidator(ValidationSettings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.maxFutureNanos = settings.maxFuture().toNanos();
    }

    /**
     * Checks an event and, when it is an accepted trade, remembers its id.
     *
     * @return what is wrong with the event, or empty when it may go on
     */
    public synchronized Optional<Violation> check(MarketEvent event)
    {
        if (event instanceof SourceStatus) {
            return Optional.empty();
        }
        Violation violation = timestamps(event);
        if (violation == null) {
            violation = content(event);
        }
        if (violation == null && event instanceof Quote quote && quote.seq() > 0) {
            Quote last = lastQuotes.put(quote.instrument(), quote);
            if (last != null && last.seq() == quote.seq() && last.venueNanos() == quote.venueNanos()
                    && last.bidPrice().equals(quote.bidPrice()) && last.bidSize().equals(quote.bidSize())
                    && last.askPrice().equals(quote.askPrice()) && last.askSize().equals(quote.askSize())) {
                violation = new Violation(Rejection.DUPLICATE_QUOTE, "quote " + quote.seq() + " was already received");
            }
        }
        if (violation == null && event instanceof Trade trade) {
            RecentTradeIds recent = tradeIds.computeIfAbsent(trade.instrument(), instrument -> new RecentTradeIds(settings.tradeIdMemory()));
            violation = recent.check(trade, settings.rejectOutOfOrderTrades());
            if (violation == null) {
                recent.remember(trade);
            }
        }
        return Optional.ofNullable(violation);
    }

    private Violation timestamps(MarketEvent event)
    {
        long venue = event.venueNanos();
        long received = event.receivedNanos();
        if (venue < 0 || received < 0) {
            return new Violation(Rejection.BAD_TIMESTAMP, "negative timestamp (venue " + venue + " ns, received " + received + " ns)");
        }
        if (venue == 0 && received == 0) {
            return new Violation(Rejection.BAD_TIMESTAMP, "neither a venue nor a receive time");
        }
        if (venue > 0 && received > 0 && venue - received > maxFutureNanos) {
            return new Violation(Rejection.FUTURE_TIMESTAMP, "venue time is " + Duration.ofNanos(venue - received)
                    + " ahead of the receive time (at most " + settings.maxFuture() + " allowed)");
        }
        return null;
    }

    private static Violation content(MarketEvent event)
    {
        if (event instanceof Trade trade) {
            if (trade.price().signum() > 0 && trade.size().signum() >= 0) {
                return null;
            }
            return firstOf(
                    positive("trade " + trade.tradeId() + ": price", trade.price()),
                    nonNegative("trade " + trade.tradeId() + ": size", trade.size()));
        }
        if (event instanceof Candle candle) {
            return candle(candle);
        }
        if (event instanceof Quote quote) {
            return firstOf(
                    side("bid", quote.bidPrice(), quote.bidSize()),
                    side("ask", quote.askPrice(), quote.askSize()),
                    crossed(quote.bidPrice(), quote.askPrice()));
        }
        if (event instanceof Ticker ticker) {
            return ticker(ticker);
        }
        if (event instanceof FundingRate funding) {
            return firstOf(positive("mark price", funding.markPrice()), positive("index price", funding.indexPrice()));
        }
        if (event instanceof Dividend dividend) {
            return positive("dividend amount", dividend.amount());
        }
        if (event instanceof Split split) {
            return firstOf(positive("split numerator", split.numerator()), positive("split denominator", split.denominator()));
        }
        if (event instanceof BookDepth book) {
            return firstOf(levels("bid", book.bids()), levels("ask", book.asks()));
        }
        if (event instanceof BookSnapshot snapshot) {
            return firstOf(levels("bid", snapshot.bids()), levels("ask", snapshot.asks()));
        }
        if (event instanceof BookDelta delta) {
            return firstOf(levels("bid", delta.bids()), levels("ask", delta.asks()));
        }
        return null;
    }

    private static Violation candle(Candle candle)
    {
        Violation violation = firstOf(
                positive("open", candle.open()),
                positive("high", candle.high()),
                positive("low", candle.low()),
                positive("close", candle.close()),
                nonNegative("volume", candle.volume()),
                nonNegative("quote volume", candle.quoteVolume()),
                nonNegative("buy volume", candle.buyVolume()),
                nonNegative("sell volume", candle.sellVolume()));
        if (violation != null) {
            return violation;
        }
        Decimal top = candle.open().max(candle.close());
        Decimal bottom = candle.open().min(candle.close());
        if (candle.high().compareTo(top) < 0 || candle.low().compareTo(bottom) > 0) {
            return new Violation(Rejection.OHLC_INTEGRITY, candle.interval() + " candle starting " + candle.openTimeMillis() + ": open " + candle.open()
                    + ", high " + candle.high() + ", low " + candle.low() + ", close " + candle.close()
                    + " (the high must be at least the open and close, the low at most)");
        }
        return null;
    }

    private static Violation ticker(Ticker ticker)
    {
        Violation violation = firstOf(
                positive("last", ticker.last()),
                positive("open", ticker.open()),
                positive("high", ticker.high()),
                positive("low", ticker.low()),
                side("bid", ticker.bid(), ticker.bidSize()),
                side("ask", ticker.ask(), ticker.askSize()),
                nonNegative("volume", ticker.volume()),
                nonNegative("quote volume", ticker.quoteVolume()),
                crossed(ticker.bid(), ticker.ask()));
        if (violation == null && ticker.high() != null && ticker.low() != null && ticker.high().compareTo(ticker.low()) < 0) {
            return new Violation(Rejection.OHLC_INTEGRITY, "high " + ticker.high() + " is below low " + ticker.low());
        }
        return violation;
    }

    // an empty side (price and size both zero, or no size) is how some venues say there is no bid or ask
    private static Violation side(String name, Decimal price, Decimal size)
    {
        if (price != null && price.isZero() && (size == null || size.isZero())) {
            return null;
        }
        if ((price == null || price.signum() > 0) && (size == null || size.signum() >= 0)) {
            return null;
        }
        return firstOf(positive(name, price), nonNegative(name + " size", size));
    }

    private static Violation crossed(Decimal bid, Decimal ask)
    {
        if (bid != null && ask != null && !bid.isZero() && !ask.isZero() && bid.compareTo(ask) > 0) {
            return new Violation(Rejection.CROSSED_QUOTE, "bid " + bid + " is above ask " + ask);
        }
        return null;
    }

    private static Violation levels(String side, List<PriceLevel> levels)
    {
        for (PriceLevel level : levels) {
            // the descriptions are made only for a level that fails: this runs for every level of every book update
            if (level.price().signum() <= 0 || level.size().signum() < 0) {
                Violation violation = firstOf(positive(side + " level price", level.price()), nonNegative(side + " level " + level.price() + " size", level.size()));
                if (violation != null) {
                    return violation;
                }
            }
        }
        return null;
    }

    private static Violation positive(String what, Decimal value)
    {
        if (value != null && value.signum() <= 0) {
            return new Violation(Rejection.NON_POSITIVE_PRICE, what + " " + value + " is not positive");
        }
        return null;
    }

    private static Violation nonNegative(String what, Decimal value)
    {
        if (value != null && value.signum() < 0) {
            return new Violation(Rejection.NEGATIVE_SIZE, what + " " + value + " is negative");
        }
        return null;
    }

    private static Violation firstOf(Violation... violations)
    {
        for (Violation violation : violations) {
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }
}
