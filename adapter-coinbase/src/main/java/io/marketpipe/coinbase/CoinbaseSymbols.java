package io.marketpipe.coinbase;

import io.marketpipe.api.model.CanonicalSymbol;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;

import java.util.Locale;

/**
 * Coinbase product ids ({@code BTC-USD}) and canonical symbols ({@code BTC/USD}). Every Coinbase
 * product of these feeds is spot: base and quote joined by a dash.
 */
final class CoinbaseSymbols
{
    static final String MARKET = "spot";

    private CoinbaseSymbols() {}

    /**
     * @param symbol canonical ({@code BTC/USD}) or native ({@code BTC-USD})
     * @throws IllegalArgumentException when the symbol names no spot product
     */
    static Instrument parseConfigured(String symbol)
    {
        String text = symbol.trim();
        if (CanonicalSymbol.looksCanonical(text)) {
            CanonicalSymbol canonical = CanonicalSymbol.parse(text);
            if (canonical.kind() != MarketKind.SPOT) {
                throw new IllegalArgumentException("\"" + symbol + "\" is not a spot symbol; Coinbase products here are spot, e.g. BTC/USD");
            }
            return instrument(canonical.base() + "-" + canonical.quote());
        }
        return fromNative(text.toUpperCase(Locale.ROOT));
    }

    /**
     * @throws IllegalArgumentException when the id is not {@code BASE-QUOTE}
     */
    static Instrument fromNative(String productId)
    {
        int dash = productId.indexOf('-');
        if (dash <= 0 || dash == productId.length() - 1 || productId.indexOf('-', dash + 1) >= 0) {
            throw new IllegalArgumentException("\"" + productId + "\" is not a Coinbase product id like BTC-USD or a canonical symbol like BTC/USD");
        }
        return instrument(productId);
    }

    private static Instrument instrument(String productId)
    {
        int dash = productId.indexOf('-');
        return Instrument.builder(CoinbaseFeed.VENUE, MARKET, productId)
                .base(productId.substring(0, dash))
                .quote(productId.substring(dash + 1))
                .kind(MarketKind.SPOT)
                .build();
    }
}
