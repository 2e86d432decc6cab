package io.marketpipe.okx;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.testkit.fakes.TestConnectorContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OkxConfigTest
{
    @Test
    void defaultsComeFromReferenceConf()
    {
        OkxConfig config = config("symbols = [BTC/USDT]");

        assertEquals(Set.of(Channel.TRADES, Channel.QUOTES, Channel.BOOK), config.channels());
        assertEquals(List.of("spot", "trades", "books", "wss://ws.okx.com:8443/ws/v5", "https://www.okx.com", "240", "true"),
                List.of(config.marketName(), config.tradeChannel(), config.bookChannel(), config.webSocketUrl(), config.restUrl(),
                        String.valueOf(config.maxSubscriptionsPerConnection()), String.valueOf(config.loadInstruments())));
    }

    @Test
    void mixedTakesEachInstrumentsTypeFromItsSymbolAndDropsRepeats()
    {
        OkxConfig config = config("market = mixed, symbols = [BTC-USDT, \"BTC/USDT\", \"ETH/USD:ETH\", \"BTC/USD:BTC-250926-60000-C\"]");

        assertNull(config.market());
        assertEquals("mixed", config.marketName());
        assertEquals(List.of("BTC-USDT:spot", "ETH-USD-SWAP:swap", "BTC-USD-250926-60000-C:option"),
                config.instruments().stream().map(instrument -> instrument.nativeSymbol() + ":" + instrument.market()).collect(Collectors.toList()));
    }

    @Test
    void badValuesNameTheirPath()
    {
        assertPath("market = margin, symbols = [BTC/USDT]", "market");
        assertPath("symbols = [\"BTC/USDT:USDT\"]", "symbols[0]");
        assertPath("market = futures, symbols = [BTC-USD-250926], channels = [funding]", "channels");
        assertPath("symbols = [BTC/USDT], trade-channel = aggTrade", "trade-channel");
        assertPath("symbols = [BTC/USDT], book-channel = books400", "book-channel");
        assertPath("symbols = [BTC/USDT], channels = [candles], candle-intervals = [7m]", "candle-intervals[0]");
        assertPath("symbols = [BTC/USDT], max-subscriptions-per-connection = 0", "max-subscriptions-per-connection");
    }

    @Test
    void candleBarsAreOkxsNames()
    {
        OkxConfig config = config("symbols = [BTC/USDT], channels = [candles], candle-intervals = [1m, 1h, 1d, 1M]");

        Instrument instrument = config.instruments().get(0);
        assertEquals(List.of("candle1m:BTC-USDT", "candle1H:BTC-USDT", "candle1Dutc:BTC-USDT", "candle1Mutc:BTC-USDT"),
                OkxChannels.streams(config, instrument, OkxChannels.BUSINESS));
        assertEquals(List.of(), OkxChannels.streams(config, instrument, OkxChannels.PUBLIC));
    }

    /**
     * @return the settings of a block merged with the adapter's reference.conf, as the runtime reads them
     */
    static OkxConfig config(String hocon)
    {
        return OkxConfig.from(TestConnectorContext.config(OkxPlugin.TYPE, hocon));
    }

    private static void assertPath(String hocon, String key)
    {
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> config(hocon));
        assertTrue(error.getMessage().contains("." + key), error.getMessage());
    }
}
