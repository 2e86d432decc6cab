package io.marketpipe.redis;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.time.Duration;

/**
 * Creates a {@link RedisStore} for every {@code type = redis} store block. Creating connects to
 * nothing: the first batch does, so a pipeline starts while Redis is still down.
 */
final class RedisStoreFactory
        implements StoreFactory
{
    static final String TYPE = "redis";
    private static final int DEFAULT_PORT = 6379;

    @Override
    public String type()
    {
        return TYPE;
    }

    @Override
    public Store create(PluginConfig config, StoreContext context)
    {
        RedisStoreConfig settings = RedisStoreConfig.from(config);
        return new RedisStore(context.name(), settings, client(settings, "marketpipe-" + context.name()), context.metrics());
    }

    /**
     * @return a client keeping up to {@code query-connections} + 1 connections, opened when first needed
     */
    static RedisClient client(RedisStoreConfig settings, String clientName)
    {
        URI uri = settings.uri();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                .socketTimeoutMillis((int) settings.commandTimeout().toMillis())
                // the replies the store reads are the same in both; RESP2 works with every server
                .protocol(RedisProtocol.RESP2)
                .clientName(clientName.replace(' ', '-'))
                .user(settings.user())
                .password(settings.password());
        if (JedisURIHelper.isRedisSSLScheme(uri)) {
            client.sslOptions(SslOptions.defaults());
        }
        if (JedisURIHelper.hasDbIndex(uri)) {
            client.database(JedisURIHelper.getDBIndex(uri));
        }
        ConnectionPoolConfig connections = new ConnectionPoolConfig();
        // the writer's connection and the queries'
        connections.setMaxTotal(settings.queryConnections() + 1);
        connections.setMaxIdle(settings.queryConnections() + 1);
        connections.setMinIdle(0);
        connections.setMaxWait(settings.connectTimeout());
        connections.setTestWhileIdle(true);
        connections.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        connections.setJmxEnabled(false);
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), port))
                .clientConfig(client.build())
                .poolConfig(connections)
                .build();
    }
}
