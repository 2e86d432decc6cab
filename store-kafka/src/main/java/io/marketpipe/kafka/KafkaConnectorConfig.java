package io.marketpipe.kafka;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = kafka} connector block. Every key and its default is
 * in the module's {@code reference.conf}.
 *
 * @param topics the topic of each event type, as the publishing stores name them
 * @param types the event types consumed; their topics are read, and events of other types on the same topics are left out
 * @param shard this consumer's share of the partitions
 * @param partitionRefresh how often the topics' partitions are looked up again (topics created later, partitions added)
 * @param consumer the consumer properties: marketpipe's defaults overridden by the {@code consumer} block
 */
record KafkaConnectorConfig(TopicPattern topics, Set<String> types, Shard shard, Duration partitionRefresh, Map<String, Object> consumer)
{
    KafkaConnectorConfig
    {
        requireNonNull(topics, "topics is null");
        types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
        requireNonNull(shard, "shard is null");
        requireNonNull(partitionRefresh, "partitionRefresh is null");
        consumer = Collections.unmodifiableMap(new LinkedHashMap<>(consumer));
    }

    /**
     * @param name the connector instance name, for the consumer's client id
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static KafkaConnectorConfig from(PluginConfig config, String name)
    {
        String groupId = config.getString("group-id");
        if (groupId.isBlank()) {
            throw new ConfigurationException(config.path() + ".group-id", "must name the consumer group whose offsets record what was consumed");
        }
        Map<String, Object> consumer = new LinkedHashMap<>();
        consumer.put("bootstrap.servers", KafkaStoreConfig.bootstrapServers(config));
        consumer.put("group.id", groupId);
        consumer.put("client.id", "marketpipe-" + name);
        // a new group reads what the topics still hold, so an aggregator misses nothing published before it first ran
        consumer.put("auto.offset.reset", "earliest");
        // a consumer that creates a missing topic would create it with the broker's default partitions
        consumer.put("allow.auto.create.topics", "false");
        consumer.putAll(ClientProperties.read(config.getConfig("consumer")));
        Duration partitionRefresh = config.getDuration("partition-refresh");
        if (partitionRefresh.isZero() || partitionRefresh.isNegative()) {
            throw new ConfigurationException(config.path() + ".partition-refresh", "must be positive, got " + partitionRefresh);
        }
        return new KafkaConnectorConfig(TopicPattern.from(config), KafkaStoreConfig.types(config), shard(config), partitionRefresh, consumer);
    }

    private static Shard shard(PluginConfig config)
    {
        PluginConfig shard = config.getConfig("shard");
        try {
            return new Shard(shard.getInt("index"), shard.getInt("count"));
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(shard.path(), e.getMessage());
        }
    }
}
