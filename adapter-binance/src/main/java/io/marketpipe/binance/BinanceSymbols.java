package io.marketpipe.binance;

import io.marketpipe.api.model.CanonicalSymbol;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Binance's symbol dialect and the canonical ccxt-style symbols, both ways.
 *
 * <table>
 *   <caption>Examples</caption>
 *   <tr><th>market</th><th>native</th><th>canonical</th></tr>
 *   <tr><td>spot</td><td>{@code BTCUSDT}</td><td>{@code BTC/USDT}</td></tr>
 *   <tr><td>usdm</td><td>{@code BTCUSDT}</td><td>{@code BTC/USDT:USDT}</td></tr>
 *   <tr><td>usdm</td><td>{@code BTCUSDT_210625}</td><td>{@code BTC/USDT:USDT-210625}</td></tr>
 *   <tr><td>coinm</td><td>{@code BTCUSD_PERP}</td><td>{@code BTC/USD:BTC}</td></tr>
 *   <tr><td>coinm</td><td>{@code BTCUSD_210625}</td><td>{@code BTC/USD:BTC-210625}</td></tr>
 * </table>
 */
final class BinanceSymbols
{
    static final String VENUE = "binance";

    // Binance's spot quote assets, for splitting a native symbol when exchangeInfo is unavailable;
    // longest first so that FDUSD wins over USD and TUSD over USD
    private static final List<String> SPOT_QUOTE_ASSETS = Stream.of(
                    "USDT", "FDUSD", "USDC", "TUSD", "BUSD", "USDP", "USDS", "DAI", "UST", "PAX", "VAI", "AEUR", "EURI",
                    "BTC", "ETH", "BNB", "XRP", "TRX", "DOGE", "DOT", "SOL",
                    "EUR", "GBP", "AUD", "BRL", "TRY", "RUB", "UAH", "NGN", "ZAR", "IDRT", "BIDR", "BVND", "PLN", "RON",
                    "ARS", "JPY", "MXN", "COP", "CZK", "USD")
            .sorted(Comparator.comparingInt(String::length).reversed())
            .collect(Collectors.toUnmodifiableList());
    private static final List<String> USDM_QUOTE_ASSETS = List.of("FDUSD", "USDT", "USDC", "BUSD");
    // every COIN-M contract is quoted in USD, whatever its base (BNBUSD is BNB/USD, not BN/BUSD)
    private static final List<String> COINM_QUOTE_ASSETS = List.of("USD");

    private static final Pattern EXPIRY = Pattern.compile("\\d{6}");

    private BinanceSymbols() {}

    /**
     * Reads one entry of the {@code symbols} setting.
     *
     * @param configured a canonical ({@code BTC/USDT:USDT}) or native ({@code BTCUSDT}) symbol
     * @return the instrument, exact for a canonical symbol and split by quote asset for a native one
     * @throws IllegalArgumentException explaining why the symbol does not belong to the market
     */
    static Instrument parseConfigured(BinanceMarket market, String configured)
    {
        String text = configured.trim().toUpperCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty symbol");
        }
        if (text.indexOf('/') < 0) {
            if (!text.matches("[A-Z0-9_]+")) {
                throw new IllegalArgumentException("\"" + configured + "\" is neither a native symbol (BTCUSDT) nor a canonical one (BTC/USDT)");
            }
            return fromNative(market, text);
        }
        CanonicalSymbol symbol;
        try {
            symbol = CanonicalSymbol.parse(text);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + configured + "\" is not a canonical symbol such as BTC/USDT, BTC/USDT:USDT or BTC/USD:BTC-210625");
        }
        if (symbol.strike() != null) {
            throw new IllegalArgumentException("\"" + configured + "\" is an option; Binance's spot and futures markets list none");
        }
        String base = symbol.base();
        String quote = symbol.quote();
        String settle = symbol.settle();
        String expiry = symbol.expiry();
        switch (market) {
            case SPOT:
                if (settle != null) {
                    throw new IllegalArgumentException("\"" + configured + "\" is a derivative; spot symbols look like " + base + "/" + quote
                            + " (set market = " + (settle.equals(quote) ? "usdm" : "coinm") + " for futures)");
                }
                return instrument(market, base + quote, base, quote, null, null);
            case USDM:
                if (settle == null || !settle.equals(quote)) {
                    throw new IllegalArgumentException("\"" + configured + "\" is not a USD-M contract; they settle in their quote asset, e.g. "
                            + base + "/" + quote + ":" + quote);
                }
                return instrument(market, base + quote + (expiry == null ? "" : "_" + expiry), base, quote, settle, expiry);
            default:
                if (settle == null || !settle.equals(base)) {
                    throw new IllegalArgumentException("\"" + configured + "\" is not a COIN-M contract; they settle in their base asset, e.g. "
                            + base + "/" + quote + ":" + base);
                }
                return instrument(market, base + quote + "_" + (expiry == null ? "PERP" : expiry), base, quote, settle, expiry);
        }
    }

    /**
     * Builds an instrument from a native symbol alone, splitting base and quote by the known quote
     * assets; used when exchangeInfo is unavailable (replay, outage).
     *
     * @return the instrument; its quote is null when no known quote asset ends the symbol
     */
    static Instrument fromNative(BinanceMarket market, String nativeSymbol)
    {
        String pair = nativeSymbol;
        String suffix = null;
        int underscore = nativeSymbol.indexOf('_');
        if (underscore > 0) {
            pair = nativeSymbol.substring(0, underscore);
            suffix = nativeSymbol.substring(underscore + 1);
        }
        String base = pair;
        String quote = null;
        List<String> quotes = market == BinanceMarket.SPOT ? SPOT_QUOTE_ASSETS : market == BinanceMarket.USDM ? USDM_QUOTE_ASSETS : COINM_QUOTE_ASSETS;
        for (String candidate : quotes) {
            if (pair.length() > candidate.length() && pair.endsWith(candidate)) {
                base = pair.substring(0, pair.length() - candidate.length());
                quote = candidate;
                break;
            }
        }
        String expiry = suffix != null && EXPIRY.matcher(suffix).matches() ? suffix : null;
        if (market == BinanceMarket.SPOT || quote == null) {
            return instrument(market, nativeSymbol, base, quote, null, null);
        }
        return instrument(market, nativeSymbol, base, quote, market == BinanceMarket.USDM ? quote : base, expiry);
    }

    /**
     * @param settle the settlement asset of a contract; null for spot
     * @param expiry {@code yyMMdd} of a dated contract; null for spot and perpetuals
     */
    static Instrument instrument(BinanceMarket market, String nativeSymbol, String base, String quote, String settle, String expiry)
    {
        MarketKind kind = market == BinanceMarket.SPOT ? MarketKind.SPOT : expiry == null ? MarketKind.PERPETUAL : MarketKind.FUTURE;
        return Instrument.builder(VENUE, market.configName(), nativeSymbol)
                .base(base)
                .quote(quote)
                .kind(kind)
                .settle(settle)
                .expiry(expiry)
                .build();
    }

    /**
     * @return the symbol as Binance's stream names spell it: lower case
     */
    static String streamSymbol(String nativeSymbol)
    {
        return nativeSymbol.toLowerCase(Locale.ROOT);
    }
}
