package io.marketpipe.okx;

import io.marketpipe.api.model.CanonicalSymbol;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OKX instrument ids and the canonical ccxt-style symbols, both ways. An id names its type:
 *
 * <table>
 *   <caption>Examples</caption>
 *   <tr><th>instId</th><th>type</th><th>canonical</th></tr>
 *   <tr><td>{@code BTC-USDT}</td><td>SPOT</td><td>{@code BTC/USDT}</td></tr>
 *   <tr><td>{@code BTC-USDT-SWAP}</td><td>SWAP</td><td>{@code BTC/USDT:USDT}</td></tr>
 *   <tr><td>{@code BTC-USD-SWAP}</td><td>SWAP</td><td>{@code BTC/USD:BTC}</td></tr>
 *   <tr><td>{@code BTC-USD-220527}</td><td>FUTURES</td><td>{@code BTC/USD:BTC-220527}</td></tr>
 *   <tr><td>{@code BTC-USD-250926-60000-C}</td><td>OPTION</td><td>{@code BTC/USD:BTC-250926-60000-C}</td></tr>
 * </table>
 *
 * Contracts quoted in USD are coin-margined (settled in the base asset); others settle in their
 * quote asset. The instruments endpoint's {@code settleCcy} overrides this where it is loaded.
 */
final class OkxSymbols
{
    static final String VENUE = "okx";

    private static final Pattern INSTRUMENT_ID = Pattern.compile(
            "([A-Z0-9]+)-([A-Z0-9]+)(?:-(SWAP|(\\d{6})(?:-(\\d+(?:\\.\\d+)?)-([CP]))?))?");

    private OkxSymbols() {}

    /**
     * Reads one entry of the {@code symbols} setting.
     *
     * @param market the configured type, or null when each symbol takes its own ({@code mixed})
     * @param configured a canonical ({@code BTC/USDT:USDT}) or native ({@code BTC-USDT-SWAP}) symbol
     * @throws IllegalArgumentException explaining why the symbol is not one of the market's
     */
    static Instrument parseConfigured(OkxInstrumentType market, String configured)
    {
        String text = configured.trim().toUpperCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty symbol");
        }
        String instrumentId = CanonicalSymbol.looksCanonical(text) ? instrumentId(CanonicalSymbol.parse(text)) : text;
        Instrument instrument = fromNative(instrumentId);
        if (market != null && !instrument.market().equals(market.configName())) {
            throw new IllegalArgumentException("\"" + configured + "\" is a " + instrument.market() + " instrument, not a " + market.configName()
                    + " one (set market = " + instrument.market() + ", or mixed)");
        }
        return instrument;
    }

    /**
     * @return OKX's id of a canonical symbol
     * @throws IllegalArgumentException for a contract settled in an asset OKX does not settle it in
     */
    static String instrumentId(CanonicalSymbol symbol)
    {
        String pair = symbol.base() + "-" + symbol.quote();
        if (symbol.settle() == null) {
            return pair;
        }
        String settle = settle(symbol.base(), symbol.quote());
        if (!symbol.settle().equals(settle)) {
            throw new IllegalArgumentException("\"" + symbol + "\": OKX settles " + pair + " contracts in " + settle + ", e.g. "
                    + symbol.base() + "/" + symbol.quote() + ":" + settle);
        }
        if (symbol.expiry() == null) {
            return pair + "-SWAP";
        }
        if (symbol.strike() == null) {
            return pair + "-" + symbol.expiry();
        }
        return pair + "-" + symbol.expiry() + "-" + symbol.strike().toNormalizedString() + "-" + symbol.optionType();
    }

    /**
     * Builds an instrument from its id alone: type, assets, expiry and strike are all in it.
     *
     * @throws IllegalArgumentException when the text is not an OKX instrument id
     */
    static Instrument fromNative(String instrumentId)
    {
        Matcher matcher = INSTRUMENT_ID.matcher(instrumentId);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("\"" + instrumentId + "\" is neither an OKX instrument id (BTC-USDT, BTC-USDT-SWAP, BTC-USD-250926, "
                    + "BTC-USD-250926-60000-C) nor a canonical symbol (BTC/USDT)");
        }
        String base = matcher.group(1);
        String quote = matcher.group(2);
        String suffix = matcher.group(3);
        String expiry = matcher.group(4);
        String strike = matcher.group(5);
        OkxInstrumentType type = suffix == null ? OkxInstrumentType.SPOT
                : expiry == null ? OkxInstrumentType.SWAP
                : strike == null ? OkxInstrumentType.FUTURES
                : OkxInstrumentType.OPTION;
        Instrument.Builder builder = Instrument.builder(VENUE, type.configName(), instrumentId)
                .base(base)
                .quote(quote)
                .kind(type.kind());
        if (type != OkxInstrumentType.SPOT) {
            builder.settle(settle(base, quote)).expiry(expiry);
        }
        if (strike != null) {
            builder.option(Decimal.parse(strike), matcher.group(6));
        }
        return builder.build();
    }

    /**
     * @return the asset a contract settles in: the base for USD-quoted (coin-margined) contracts,
     *         else the quote
     */
    static String settle(String base, String quote)
    {
        return quote.equals("USD") ? base : quote;
    }
}
