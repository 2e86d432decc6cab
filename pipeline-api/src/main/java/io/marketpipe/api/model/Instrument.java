package io.marketpipe.api.model;

import java.util.Locale;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * A tradable instrument on one venue.
 *
 * <p>The canonical {@link #symbol()} follows the convention ccxt users know: {@code BTC/USDT}
 * for spot, {@code BTC/USDT:USDT} for a linear perpetual settled in USDT, {@code BTC/USD:BTC}
 * for an inverse perpetual, {@code BTC/USD:BTC-240927} for a dated future,
 * {@code BTC/USD:BTC-240927-60000-C} for an option ({@link CanonicalSymbol}), and the plain ticker
 * ({@code AAPL}, {@code EURUSD=X}) for equities, FX and indices, whose quote is their currency.
 *
 * <p>Instances are immutable and compare by venue, market and native symbol: the venue's own
 * name for the instrument is its identity.
 *
 * @since 0.1
 */
public final class Instrument
{
    private final String venue;
    private final String market;
    private final String nativeSymbol;
    private final String base;
    private final String quote;
    private final MarketKind kind;
    private final String settle;
    private final String expiry;
    private final Decimal strike;
    private final String optionType;
    private final Decimal tickSize;
    private final Decimal lotSize;
    private final String symbol;
    private final int hash;

    private Instrument(Builder builder)
    {
        this.venue = requireNonNull(builder.venue, "venue is null");
        this.market = requireNonNull(builder.market, "market is null");
        this.nativeSymbol = requireNonNull(builder.nativeSymbol, "nativeSymbol is null");
        this.kind = requireNonNull(builder.kind, "kind is null");
        this.base = builder.base == null ? nativeSymbol : builder.base;
        this.quote = builder.quote;
        this.settle = builder.settle;
        this.expiry = builder.expiry;
        this.strike = builder.strike;
        this.optionType = builder.optionType;
        this.tickSize = builder.tickSize;
        this.lotSize = builder.lotSize;
        this.symbol = canonicalSymbol();
        this.hash = Objects.hash(venue, market, nativeSymbol);
    }

    /**
     * @param venue the protocol family, e.g. {@code binance}
     * @param market the venue segment, e.g. {@code spot}, {@code usdm}, {@code coinm}, {@code swap}
     * @param nativeSymbol the venue's own name, e.g. {@code BTCUSDT}
     */
    public static Builder builder(String venue, String market, String nativeSymbol)
    {
        return new Builder(venue, market, nativeSymbol);
    }

    /**
     * Shorthand for a spot instrument without precision information.
     */
    public static Instrument spot(String venue, String nativeSymbol, String base, String quote)
    {
        return builder(venue, "spot", nativeSymbol).base(base).quote(quote).kind(MarketKind.SPOT).build();
    }

    private String canonicalSymbol()
    {
        if (quote == null) {
            return base;
        }
        if (kind == MarketKind.EQUITY || kind == MarketKind.FX || kind == MarketKind.INDEX) {
            return nativeSymbol;
        }
        if (kind == MarketKind.SPOT) {
            return base + "/" + quote;
        }
        return CanonicalSymbol.format(base, quote, settle, expiry, kind == MarketKind.OPTION ? strike : null, optionType);
    }

    /** @return the protocol family, e.g. {@code binance} */
    public String venue()
    {
        return venue;
    }

    /** @return the venue segment, e.g. {@code spot} or {@code usdm} */
    public String market()
    {
        return market;
    }

    /** @return the venue's own name of the instrument */
    public String nativeSymbol()
    {
        return nativeSymbol;
    }

    /** @return the canonical symbol, e.g. {@code BTC/USDT} or {@code BTC/USDT:USDT} */
    public String symbol()
    {
        return symbol;
    }

    /** @return the base asset, e.g. {@code BTC} */
    public String base()
    {
        return base;
    }

    /** @return the quote asset or currency, or null when unknown */
    public String quote()
    {
        return quote;
    }

    public MarketKind kind()
    {
        return kind;
    }

    /** @return the settlement asset of a derivative, or null */
    public String settle()
    {
        return settle;
    }

    /** @return the expiry of a dated future or option as {@code yyMMdd}, or null */
    public String expiry()
    {
        return expiry;
    }

    /**
     * @return the strike price of an option, or null
     * @since 0.3
     */
    public Decimal strike()
    {
        return strike;
    }

    /**
     * @return {@code C} (call) or {@code P} (put) for an option, or null
     * @since 0.3
     */
    public String optionType()
    {
        return optionType;
    }

    /** @return the price increment, or null when the venue did not say */
    public Decimal tickSize()
    {
        return tickSize;
    }

    /** @return the size increment, or null when the venue did not say */
    public Decimal lotSize()
    {
        return lotSize;
    }

    /**
     * @return a key unique across venues and markets: {@code venue:market:nativeSymbol}
     */
    public String key()
    {
        return venue + ":" + market + ":" + nativeSymbol;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Instrument)) {
            return false;
        }
        Instrument other = (Instrument) o;
        return hash == other.hash
                && nativeSymbol.equals(other.nativeSymbol)
                && market.equals(other.market)
                && venue.equals(other.venue);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public String toString()
    {
        return venue + ":" + market + ":" + symbol;
    }

    /**
     * Builds an {@link Instrument}. Venue, market, native symbol and kind are required; the base
     * defaults to the native symbol.
     */
    public static final class Builder
    {
        private final String venue;
        private final String market;
        private final String nativeSymbol;
        private String base;
        private String quote;
        private MarketKind kind = MarketKind.SPOT;
        private String settle;
        private String expiry;
        private Decimal strike;
        private String optionType;
        private Decimal tickSize;
        private Decimal lotSize;

        private Builder(String venue, String market, String nativeSymbol)
        {
            this.venue = requireNonNull(venue, "venue is null").toLowerCase(Locale.ROOT);
            this.market = requireNonNull(market, "market is null").toLowerCase(Locale.ROOT);
            this.nativeSymbol = requireNonNull(nativeSymbol, "nativeSymbol is null");
        }

        public Builder base(String base)
        {
            this.base = base;
            return this;
        }

        public Builder quote(String quote)
        {
            this.quote = quote;
            return this;
        }

        public Builder kind(MarketKind kind)
        {
            this.kind = kind;
            return this;
        }

        public Builder settle(String settle)
        {
            this.settle = settle;
            return this;
        }

        public Builder expiry(String expiry)
        {
            this.expiry = expiry;
            return this;
        }

        /**
         * @param strike the option's strike price
         * @param optionType {@code C} or {@code P}
         * @since 0.3
         */
        public Builder option(Decimal strike, String optionType)
        {
            this.strike = strike;
            this.optionType = optionType;
            return this;
        }

        public Builder tickSize(Decimal tickSize)
        {
            this.tickSize = tickSize;
            return this;
        }

        public Builder lotSize(Decimal lotSize)
        {
            this.lotSize = lotSize;
            return this;
        }

        public Instrument build()
        {
            return new Instrument(this);
        }
    }
}
