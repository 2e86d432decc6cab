package io.marketpipe.core.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionShardsTest
{
    private static final List<String> SYMBOLS = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT", "DOGE/USDT", "BNB/USDT", "LTC/USDT");

    @Test
    void shardsSplitTheSymbolsWithoutOverlapOrOmission()
    {
        List<String> seen = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            for (InstanceBlock block : SubscriptionShards.apply(config(index, 3), blocks())) {
                if (block.type().equals("binance")) {
                    seen.addAll(block.block().getStringList("symbols"));
                }
            }
        }
        assertEquals(SYMBOLS.size(), seen.size(), seen.toString());
        assertEquals(new HashSet<>(SYMBOLS), Set.copyOf(seen));
    }

    @Test
    void blocksWithoutSymbolsStayInEveryShard()
    {
        for (int index = 0; index < 3; index++) {
            assertTrue(SubscriptionShards.apply(config(index, 3), blocks()).stream().anyMatch(block -> block.type().equals("kafka")));
        }
    }

    @Test
    void oneShardKeepsEverything()
    {
        assertEquals(blocks(), SubscriptionShards.apply(config(0, 1), blocks()));
    }

    @Test
    void indexOutsideTheCountIsAConfigurationError()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SubscriptionShards.apply(config(3, 3), blocks()));
        assertEquals("marketpipe.shard.index", e.path());
    }

    private static Config config(int index, int count)
    {
        return ConfigFactory.parseString("marketpipe.shard { index = " + index + ", count = " + count + " }");
    }

    private static List<InstanceBlock> blocks()
    {
        Config root = ConfigFactory.parseString("marketpipe.connectors = [{ type = binance, symbols = " + SYMBOLS.stream().map(s -> "\"" + s + "\"").toList() + " }, { type = kafka }]");
        return InstanceBlock.read(root, "connectors");
    }
}
