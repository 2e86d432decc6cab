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
 * The validated settings of one {@code type = kafka} store block. Every key and its default is in
 * the module's {@code reference.conf}.
 *
 * @param topics the topic of each event type
 * @param types the event types published; others are left out
 * @param closeTimeout how long closing waits for records not yet acknowledged
 * @param producer the producer properties: marketpipe's defaults overridden by the {@code producer} block
 */
record KafkaStoreConfig(TopicPattern topics, Set<String> types, Duration closeTimeout, Map<String, Object> producer)
{
    KafkaStoreConfig
    {
        requireNonNull(topics, "topics is null");
        types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
        requireNonNull(closeTimeout, "closeTimeout is null");
        producer = Collections.unmodifiableMap(new LinkedHashMap<>(producer));
    }

    /**
     * @param name the store instance name, for the producer's client id
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static KafkaStoreConfig from(PluginConfig config, String name)
    {
        Map<String, Object> producer = new LinkedHashMap<>();
        producer.put("bootstrap.servers", bootstrapServers(config));
        producer.put("client.id", "marketpipe-" + name);
        // every record once and in order per partition, even when the producer retries
        producer.put("enable.idempotence", "true");
        producer.put("acks", "all");
        producer.putAll(ClientProperties.read(config.getConfig("producer")));
        Duration closeTimeout = config.getDuration("close-timeout");
        if (closeTimeout.isNegative()) {
            throw new ConfigurationException(config.path() + ".close-timeout", "must not be negative, got " + closeTimeout);
        }
        return new KafkaStoreConfig(TopicPattern.from(config), types(config), closeTimeout, producer);
    }

    /**
     * Reads {@code bootstrap-servers}: one {@code host:port} string, a comma-separated list or a list.
     */
    static String bootstrapServers(PluginConfig config)
    {
        String servers = String.join(",", config.getStringList("bootstrap-servers")).replace(" ", "");
        if (servers.isEmpty()) {
            throw new ConfigurationException(config.path() + ".bootstrap-servers", "must name at least one broker as host:port");
        }
        return servers;
    }

    /**
     * Reads the {@code types} key of a block: event type names, each one {@link EventCodec} knows.
     *
     * @return the types in their configured order
     */
    static Set<String> types(PluginConfig config)
    {
        Set<String> types = new LinkedHashSet<>();
        for (String type : config.getStringList("types")) {
            if (!EventCodec.TYPES.contains(type)) {
                throw new ConfigurationException(config.path() + ".types", "unknown event type \"" + type + "\"; expected any of "
                        + String.join(", ", EventCodec.TYPES.stream().sorted().toList()));
            }
            types.add(type);
        }
        if (types.isEmpty()) {
            throw new ConfigurationException(config.path() + ".types", "must name at least one event type");
        }
        return types;
    }
}
