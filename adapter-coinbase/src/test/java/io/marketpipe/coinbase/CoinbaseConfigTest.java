package io.marketpipe.coinbase;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.core.MarketPipe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinbaseConfigTest
{
    @Test
    void canonicalAndNativeSymbolsNameTheSameProducts()
    {
        CoinbaseConfig config = CoinbaseConfig.from(CoinbaseFeed.ADVANCED_TRADE, TestContext.config(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD, eth-usd, BTC-USD]"));

        List<Instrument> instruments = config.instruments();
        assertEquals(List.of("BTC-USD", "ETH-USD"), instruments.stream().map(Instrument::nativeSymbol).collect(Collectors.toList()));
        assertEquals(List.of("BTC/USD", "ETH/USD"), instruments.stream().map(Instrument::symbol).collect(Collectors.toList()));
        assertEquals("coinbase", instruments.get(0).venue());
        assertEquals("wss://advanced-trade-ws.coinbase.com", config.webSocketUrl());
        assertEquals("https://api.coinbase.com", config.restUrl());
    }

    @Test
    void theExchangeFeedHasItsOwnEndpointsAndBookChannel()
    {
        CoinbaseConfig config = CoinbaseConfig.from(CoinbaseFeed.EXCHANGE, TestContext.config(CoinbaseFeed.EXCHANGE, "symbols = [BTC/USD]"));

        assertEquals("wss://ws-feed.exchange.coinbase.com", config.webSocketUrl());
        assertEquals("https://api.exchange.coinbase.com", config.restUrl());
        assertEquals("level2_batch", config.bookChannel());
    }

    @Test
    void badValuesFailNamingTheirPath()
    {
        ConfigurationException symbol = assertThrows(ConfigurationException.class,
                () -> CoinbaseConfig.from(CoinbaseFeed.ADVANCED_TRADE, TestContext.config(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD, \"BTC/USD:USD\"]")));
        assertTrue(symbol.getMessage().contains("symbols[1]"), symbol.getMessage());

        ConfigurationException ticker = assertThrows(ConfigurationException.class,
                () -> CoinbaseConfig.from(CoinbaseFeed.EXCHANGE, TestContext.config(CoinbaseFeed.EXCHANGE, "symbols = [BTC/USD], ticker-channel = ticker_batch")));
        assertTrue(ticker.getMessage().contains("ticker-channel"), ticker.getMessage());

        ConfigurationException candles = assertThrows(ConfigurationException.class,
                () -> CoinbaseConfig.from(CoinbaseFeed.EXCHANGE, TestContext.config(CoinbaseFeed.EXCHANGE, "symbols = [BTC/USD], channels = [candles]")));
        assertTrue(candles.getMessage().contains("channels[0]"), candles.getMessage());

        ConfigurationException market = assertThrows(ConfigurationException.class,
                () -> CoinbaseConfig.from(CoinbaseFeed.ADVANCED_TRADE, TestContext.config(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD], market = swap")));
        assertTrue(market.getMessage().contains(".market"), market.getMessage());
    }

    @Test
    void keysAreSetTogetherAndABadSecretIsNeverQuoted()
    {
        ConfigurationException half = assertThrows(ConfigurationException.class,
                () -> CoinbaseConfig.from(CoinbaseFeed.ADVANCED_TRADE, TestContext.config(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD], api-key-name = organizations/o/apiKeys/k")));
        assertTrue(half.getMessage().contains("api-key-secret"), half.getMessage());

        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> CoinbaseConfig.from(CoinbaseFeed.ADVANCED_TRADE, TestContext.config(CoinbaseFeed.ADVANCED_TRADE,
                        "symbols = [BTC/USD], api-key-name = organizations/o/apiKeys/k, api-key-secret = \"not-a-key-s3cr3t\"")));
        assertTrue(bad.getMessage().contains("api-key-secret"), bad.getMessage());
        assertFalse(bad.getMessage().contains("s3cr3t"), bad.getMessage());

        try (MarketPipe pipe = MarketPipe.builder().config("marketpipe.defaults.connector.coinbase.api-key-secret = \"s3cr3t-in-defaults\"").build()) {
            assertFalse(pipe.describeConfiguration().contains("s3cr3t-in-defaults"), "the secret is masked wherever configuration is printed");
        }
    }

    @Test
    void aRecordingOfMixedSegmentsIsAccepted()
    {
        CoinbaseConfig config = CoinbaseConfig.from(CoinbaseFeed.ADVANCED_TRADE, TestContext.config(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC-USD], market = mixed"));

        assertEquals("spot", config.instruments().get(0).market());
    }
}
