package io.marketpipe.kraken;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;

import java.util.Locale;
import java.util.Map;

/**
 * Kraken's names for assets and pairs. An instrument's native symbol is its v1 WebSocket name
 * ({@code wsname} in AssetPairs, e.g. {@code XBT/USD}); its canonical symbol uses the common
 * asset codes ({@code BTC/USD}), which is also how WebSocket v2 names the pair.
 */
final class KrakenSymbols
{
    static final String VENUE = "kraken";
    static final String MARKET = "spot";

    // Kraken's own codes of assets better known by another
    private static final Map<String, String> COMMON = Map.of("XBT", "BTC", "XDG", "DOGE");
    private static final Map<String, String> KRAKEN = Map.of("BTC", "XBT", "DOGE", "XDG");

    private KrakenSymbols() {}

    /**
     * @return the common code of a Kraken asset: {@code XBT} and {@code XXBT} are {@code BTC},
     *         {@code ZUSD} is {@code USD}
     */
    static String commonAsset(String asset)
    {
        String code = asset.toUpperCase(Locale.ROOT);
        if (code.length() == 4 && (code.charAt(0) == 'X' || code.charAt(0) == 'Z') && isPrefixed(code.substring(1))) {
            code = code.substring(1);
        }
        return COMMON.getOrDefault(code, code);
    }

    // the assets Kraken listed before 2018 carry an X (crypto) or Z (fiat) prefix in REST names
    private static boolean isPrefixed(String code)
    {
        return switch (code) {
            case "ETH", "ETC", "LTC", "XMR", "XRP", "XLM", "ZEC", "REP", "MLN", "XDG", "XBT",
                    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF" -> true;
            default -> false;
        };
    }

    /**
     * Parses a configured symbol: canonical {@code BTC/USD}, WebSocket {@code XBT/USD} or REST
     * {@code XXBTZUSD} (the eight-letter names of the pre-2018 pairs).
     *
     * @throws IllegalArgumentException naming the symbol when it is none of these
     */
    static Instrument parseConfigured(String symbol)
    {
        String text = symbol.trim();
        int slash = text.indexOf('/');
        if (slash > 0 && slash < text.length() - 1 && text.indexOf('/', slash + 1) < 0 && text.indexOf(':') < 0) {
            return pair(text.substring(0, slash), text.substring(slash + 1));
        }
        if (text.length() == 8 && text.matches("[XZ][A-Z]{3}[XZ][A-Z]{3}")) {
            return pair(text.substring(0, 4), text.substring(4));
        }
        throw new IllegalArgumentException("\"" + symbol + "\" is not a Kraken spot pair; expected BASE/QUOTE (BTC/USD or XBT/USD) or a REST pair name such as XXBTZUSD");
    }

    /**
     * @return the instrument of a pair named by its WebSocket v1 name ({@code XBT/USD})
     */
    static Instrument fromNative(String wsName)
    {
        int slash = wsName.indexOf('/');
        if (slash <= 0 || slash == wsName.length() - 1) {
            throw new IllegalArgumentException("\"" + wsName + "\" is not a Kraken pair name");
        }
        return pair(wsName.substring(0, slash), wsName.substring(slash + 1));
    }

    /**
     * @return the instrument of a pair named by its WebSocket v2 name ({@code BTC/USD})
     */
    static Instrument fromV2(String symbol)
    {
        return fromNative(symbol);
    }

    static Instrument pair(String base, String quote)
    {
        return instrument(commonAsset(base), commonAsset(quote), null, null);
    }

    static Instrument instrument(String base, String quote, Decimal tickSize, Decimal lotSize)
    {
        String wsName = KRAKEN.getOrDefault(base, base) + "/" + KRAKEN.getOrDefault(quote, quote);
        return Instrument.builder(VENUE, MARKET, wsName)
                .base(base)
                .quote(quote)
                .kind(MarketKind.SPOT)
                .tickSize(tickSize)
                .lotSize(lotSize)
                .build();
    }

    /**
     * @return the WebSocket v2 name of an instrument, its canonical symbol
     */
    static String v2Name(Instrument instrument)
    {
        return instrument.symbol();
    }
}
