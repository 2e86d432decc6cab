package io.marketpipe.api.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The canonical symbol grammar, as ccxt users know it, parsed and formatted in one place:
 *
 * <table>
 *   <caption>Forms</caption>
 *   <tr><th>symbol</th><th>kind</th></tr>
 *   <tr><td>{@code BTC/USDT}</td><td>spot</td></tr>
 *   <tr><td>{@code BTC/USDT:USDT}</td><td>linear perpetual, settled in the quote</td></tr>
 *   <tr><td>{@code BTC/USD:BTC}</td><td>inverse perpetual, settled in the base</td></tr>
 *   <tr><td>{@code BTC/USD:BTC-250926}</td><td>future expiring on 2025-09-26 ({@code yyMMdd})</td></tr>
 *   <tr><td>{@code BTC/USD:BTC-250926-60000-C}</td><td>call option, strike 60000 ({@code P} for a put)</td></tr>
 * </table>
 *
 * Assets are upper case letters and digits. Equities, FX and indices use the listing's own ticker
 * and are not written in this grammar.
 *
 * @param base the base asset
 * @param quote the quote asset
 * @param settle the settlement asset of a derivative, or null for spot
 * @param expiry {@code yyMMdd} of a dated future or option, or null
 * @param strike the strike price of an option, or null
 * @param optionType {@code C} or {@code P} for an option, or null
 * @since 0.3
 */
public record CanonicalSymbol(String base, String quote, String settle, String expiry, Decimal strike, String optionType)
{
    private static final Pattern GRAMMAR = Pattern.compile(
            "([A-Z0-9]+)/([A-Z0-9]+)(?::([A-Z0-9]+)(?:-(\\d{6})(?:-(\\d+(?:\\.\\d+)?)-([CP]))?)?)?");

    public CanonicalSymbol
    {
        requireNonNull(base, "base is null");
        requireNonNull(quote, "quote is null");
        if (settle == null && expiry != null) {
            throw new IllegalArgumentException("an expiry needs a settlement asset");
        }
        if ((strike == null) != (optionType == null) || (strike != null && expiry == null)) {
            throw new IllegalArgumentException("an option needs an expiry, a strike and C or P");
        }
    }

    /**
     * @param text a symbol in the grammar; letters are read case-insensitively
     * @throws IllegalArgumentException naming the forms the grammar accepts
     */
    public static CanonicalSymbol parse(String text)
    {
        requireNonNull(text, "text is null");
        Matcher matcher = GRAMMAR.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a canonical symbol such as BTC/USDT, BTC/USDT:USDT, BTC/USD:BTC-250926 or BTC/USD:BTC-250926-60000-C");
        }
        Decimal strike = matcher.group(5) == null ? null : Decimal.parse(matcher.group(5));
        return new CanonicalSymbol(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), strike, matcher.group(6));
    }

    /**
     * @return true when the text has the shape of a canonical symbol (a {@code /} between assets)
     */
    public static boolean looksCanonical(String text)
    {
        return text != null && text.indexOf('/') > 0;
    }

    /**
     * @return spot, perpetual, future or option
     */
    public MarketKind kind()
    {
        if (settle == null) {
            return MarketKind.SPOT;
        }
        if (expiry == null) {
            return MarketKind.PERPETUAL;
        }
        return strike == null ? MarketKind.FUTURE : MarketKind.OPTION;
    }

    /**
     * @return true for a derivative settled in its quote asset (linear)
     */
    public boolean linear()
    {
        return settle != null && settle.equals(quote);
    }

    /**
     * @return the symbol in the grammar, e.g. {@code BTC/USD:BTC-250926-60000-C}
     */
    @Override
    public String toString()
    {
        StringBuilder symbol = new StringBuilder(base).append('/').append(quote);
        if (settle != null) {
            symbol.append(':').append(settle);
            if (expiry != null) {
                symbol.append('-').append(expiry);
                if (strike != null) {
                    symbol.append("-").append(strike.toNormalizedString()).append('-').append(optionType);
                }
            }
        }
        return symbol.toString();
    }

    /**
     * @return the symbol of an instrument's fields, as {@link Instrument#symbol()} spells it
     */
    static String format(String base, String quote, String settle, String expiry, Decimal strike, String optionType)
    {
        return new CanonicalSymbol(base, quote, settle, settle == null ? null : expiry, expiry == null ? null : strike, expiry == null || strike == null ? null : optionType).toString();
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof CanonicalSymbol other && toString().equals(other.toString());
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(toString());
    }
}
