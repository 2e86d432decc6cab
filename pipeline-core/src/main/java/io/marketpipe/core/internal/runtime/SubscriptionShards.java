package io.marketpipe.core.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.api.config.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives this process its share of the configured subscriptions: with
 * {@code marketpipe.shard { index = i, count = n }}, a connector keeps the symbols whose hash
 * modulo {@code n} is {@code i}. Several collectors started from one configuration, each with its
 * own index, thus split the symbols between them without overlap or omission; {@link String#hashCode()}
 * is fixed by the language, so every process computes the same split.
 */
final class SubscriptionShards
{
    private static final Logger log = LoggerFactory.getLogger(SubscriptionShards.class);

    private SubscriptionShards() {}

    static List<InstanceBlock> apply(Config config, List<InstanceBlock> blocks)
    {
        int count = config.getInt("marketpipe.shard.count");
        int index = config.getInt("marketpipe.shard.index");
        if (count < 1) {
            throw new ConfigurationException("marketpipe.shard.count", "must be at least 1, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new ConfigurationException("marketpipe.shard.index", "must be between 0 and " + (count - 1) + " for " + count + " shards, got " + index);
        }
        if (count == 1) {
            return blocks;
        }
        List<InstanceBlock> kept = new ArrayList<>(blocks.size());
        for (InstanceBlock block : blocks) {
            if (!block.block().hasPath("symbols") || block.block().getValue("symbols").valueType() != ConfigValueType.LIST) {
                kept.add(block);
                continue;
            }
            List<String> symbols = block.block().getStringList("symbols").stream()
                    .filter(symbol -> inShard(symbol, index, count))
                    .toList();
            if (symbols.isEmpty()) {
                log.info("Connector {} has no symbols in shard {} of {}; it is not started here", block.name(), index, count);
                continue;
            }
            kept.add(new InstanceBlock(block.path(), block.type(), block.name(), block.block().withValue("symbols", ConfigValueFactory.fromIterable(symbols))));
        }
        return kept;
    }

    static boolean inShard(String symbol, int index, int count)
    {
        return Math.floorMod(symbol.hashCode(), count) == index;
    }
}
