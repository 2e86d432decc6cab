package io.marketpipe.redis;

import io.marketpipe.api.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static io.marketpipe.redis.RedisStores.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisStoreConfigTest
{
    @Test
    void defaultsMatchTheDocumentedLayout()
    {
        RedisStoreConfig config = config("");
        assertEquals(URI.create("redis://127.0.0.1:6379"), config.uri());
        assertEquals("marketpipe", config.prefix());
        assertEquals(5000, config.maxBars());
        assertEquals(10_000, config.maxTrades());
        assertEquals(Duration.ZERO, config.ttl());
        assertFalse(config.publish());
        assertNull(config.user());
        assertNull(config.password());
        assertEquals(RedisStoreConfig.KNOWN_TYPES, List.copyOf(config.types()));
    }

    @Test
    void credentialsInTheUriAreTakenOutOfItAndNeverPrinted()
    {
        RedisStoreConfig config = config("uri = \"rediss://reader:p%40ss@cache.example:6380/2\"");
        assertEquals(URI.create("rediss://cache.example:6380/2"), config.uri());
        assertEquals("reader", config.user());
        assertEquals("p@ss", config.password());
        assertFalse(config.toString().contains("p@ss"), config.toString());

        RedisStoreConfig separate = config("user = writer\npassword = s3cret");
        assertEquals("writer", separate.user());
        assertEquals("s3cret", separate.password());
        assertFalse(separate.toString().contains("s3cret"), separate.toString());
    }

    @Test
    void invalidValuesNameTheirPath()
    {
        assertTrue(failure("uri = \"http://127.0.0.1:6379\"").startsWith("marketpipe.stores[0].uri"), failure("uri = \"http://127.0.0.1:6379\""));
        assertTrue(failure("uri = \"redis://127.0.0.1:6379/cache\"").contains("database number"));
        assertTrue(failure("types = [trade, trades]").contains("unknown event type \"trades\""));
        assertTrue(failure("max-bars = 0").startsWith("marketpipe.stores[0].max-bars"));
        assertTrue(failure("max-length.trades = 0").startsWith("marketpipe.stores[0].max-length.trades"));
        assertTrue(failure("ttl = -1s").startsWith("marketpipe.stores[0].ttl"));
        assertTrue(failure("prefix = \"\"").startsWith("marketpipe.stores[0].prefix"));
    }

    private static String failure(String hocon)
    {
        return assertThrows(ConfigurationException.class, () -> config(hocon)).getMessage();
    }
}
