package io.marketpipe.core.internal.config;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigRendererTest
{
    @Test
    void passwordsAreMaskedByNameAndInsideUris()
    {
        String rendered = ConfigRenderer.render(ConfigFactory.parseString("""
                marketpipe.stores = [
                  { type = redis, uri = "redis://reader:p4ss@cache:6379/2", password = s3cret }
                  { type = redis, uri = "redis://127.0.0.1:6379" }
                ]
                """));
        assertFalse(rendered.contains("p4ss"), rendered);
        assertFalse(rendered.contains("s3cret"), rendered);
        assertTrue(rendered.contains("redis://reader:******@cache:6379/2"), rendered);
        assertTrue(rendered.contains("redis://127.0.0.1:6379"), rendered);
    }
}
