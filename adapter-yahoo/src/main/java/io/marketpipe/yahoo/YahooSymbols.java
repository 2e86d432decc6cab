package io.marketpipe.yahoo;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Yahoo Finance symbols: equities and funds ({@code AAPL}, {@code OCDO.L}), indices ({@code ^NDX}),
 * FX pairs ({@code EURUSD=X}, canonical {@code EUR/USD}), futures ({@code GC=F}) and crypto
 * ({@code BTC-USD}, canonical {@code BTC/USD}), plus the user's aliases ({@code NAS100 -> ^NDX}).
 */
final class YahooSymbols
{
    static final String VENUE = "yahoo";

    // ISO 4217 codes of the currencies Yahoo quotes FX pairs in; a pair of two of them is FX, others crypto
    private static final Set<String> FIAT = Set.of(
            "USD", "EUR", "JPY", "GBP", "CHF", "AUD", "CAD", "NZD", "CNY", "CNH", "HKD", "SGD", "SEK", "NOK", "DKK",
            "PLN", "CZK", "HUF", "TRY", "ZAR", "MXN", "BRL", "INR", "KRW", "TWD", "THB", "IDR", "MYR", "PHP", "ILS",
            "RUB", "SAR", "AED", "CLP", "COP", "ARS", "PEN", "ISK", "RON", "BGN");
    // the quote assets of Yahoo's crypto pairs
    private static final Set<String> CRYPTO_QUOTES = Set.of("USD", "USDT", "USDC", "EUR", "GBP", "JPY", "BTC", "ETH");
    private static final Pattern PAIR = Pattern.compile("([A-Z0-9]{2,10})/([A-Z0-9]{2,10})");
    private static final Pattern FX_NATIVE = Pattern.compile("([A-Z]{3})?([A-Z]{3})=X");
    private static final Pattern CRYPTO_NATIVE = Pattern.compile("([A-Z0-9]{2,10})-([A-Z]{3,4})");
    private static final Pattern NATIVE = Pattern.compile("[\\^A-Za-z0-9][A-Za-z0-9.=\\-^&]{0,31}");

    private final String market;
    private final Map<String, String> aliases;

    /**
     * @param market the segment name given to every instrument
     * @param aliases the user's names for native symbols
     */
    YahooSymbols(String market, Map<String, String> aliases)
    {
        this.market = requireNonNull(market, "market is null");
        this.aliases = Map.copyOf(aliases);
    }

    /**
     * @param configured an alias, a canonical pair ({@code EUR/USD}, {@code BTC/USD}) or a native symbol
     * @return the native Yahoo symbol
     * @throws IllegalArgumentException naming the symbol when it cannot be one
     */
    String toNative(String configured)
    {
        String symbol = requireNonNull(configured, "configured is null").trim();
        String aliased = aliases.get(symbol);
        if (aliased != null) {
            symbol = aliased.trim();
        }
        var pair = PAIR.matcher(symbol.toUpperCase(Locale.ROOT));
        if (pair.matches()) {
            String base = pair.group(1);
            String quote = pair.group(2);
            if (FIAT.contains(base) && FIAT.contains(quote)) {
                return base + quote + "=X";
            }
            return base + "-" + quote;
        }
        if (!NATIVE.matcher(symbol).matches()) {
            throw new IllegalArgumentException("\"" + configured + "\" is not a Yahoo symbol; expected e.g. AAPL, ^NDX, EUR/USD, EURUSD=X, GC=F, BTC-USD or a configured alias");
        }
        return symbol.toUpperCase(Locale.ROOT);
    }

    /**
     * @param nativeSymbol Yahoo's symbol, as in a request path or a response's {@code meta.symbol}
     * @param currency the instrument's currency when known, else null
     */
    Instrument instrument(String nativeSymbol, String currency)
    {
        Instrument.Builder builder = Instrument.builder(VENUE, market, nativeSymbol);
        var fx = FX_NATIVE.matcher(nativeSymbol);
        var crypto = CRYPTO_NATIVE.matcher(nativeSymbol);
        if (nativeSymbol.startsWith("^")) {
            builder.kind(MarketKind.INDEX).quote(currency);
        }
        else if (fx.matches()) {
            // JPY=X is Yahoo's name for USD/JPY
            builder.kind(MarketKind.FX).base(fx.group(1) == null ? "USD" : fx.group(1)).quote(fx.group(2));
        }
        else if (nativeSymbol.endsWith("=F")) {
            builder.kind(MarketKind.FUTURE).quote(currency);
        }
        else if (crypto.matches() && CRYPTO_QUOTES.contains(crypto.group(2))) {
            builder.kind(MarketKind.SPOT).base(crypto.group(1)).quote(crypto.group(2));
        }
        else {
            builder.kind(MarketKind.EQUITY).quote(currency);
        }
        return builder.build();
    }

    /**
     * @return the symbol as a URL path segment ({@code ^NDX} as {@code %5ENDX})
     */
    static String pathSegment(String nativeSymbol)
    {
        return URLEncoder.encode(nativeSymbol, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * @return the symbol a chart URL asks for, or null when the URL is no chart request
     */
    static String symbolOf(String url)
    {
        int chart = url.indexOf("/finance/chart/");
        if (chart < 0) {
            return null;
        }
        String rest = url.substring(chart + "/finance/chart/".length());
        int end = rest.length();
        for (char stop : new char[] {'?', '/', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        String segment = rest.substring(0, end);
        if (segment.isEmpty()) {
            return null;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
