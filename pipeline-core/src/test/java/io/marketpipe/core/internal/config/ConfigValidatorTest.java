package io.marketpipe.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigValidatorTest
{
    private static final Config REFERENCE = ConfigLoader.references(List.of());

    @Test
    void unknownRootKeyNamesThePathAndTheClosestKey()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> validate("marketpipe { buss { buffer-size = 1024 } }"));
        assertEquals("marketpipe.buss", e.path());
        assertTrue(e.getMessage().contains("did you mean marketpipe.bus?"), e.getMessage());
    }

    @Test
    void unknownNestedKeyNamesItsFullPath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> validate("marketpipe.transport.conect-timeout = 5s"));
        assertEquals("marketpipe.transport.conect-timeout", e.path());
        assertTrue(e.getMessage().contains("did you mean marketpipe.transport.connect-timeout?"), e.getMessage());
    }

    @Test
    void unknownKeyFarFromAnyKnownOneListsTheKnownKeys()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> validate("marketpipe.bus.zzzzzzzz = 1"));
        assertTrue(e.getMessage().contains("known keys here: buffer-size, idle-wait, overflow"), e.getMessage());
    }

    @Test
    void wrongTypeNamesThePath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> validate("marketpipe.bus.buffer-size = lots"));
        assertEquals("marketpipe.bus.buffer-size", e.path());
    }

    @Test
    void instanceListMustBeAList()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> validate("marketpipe.connectors { type = binance }"));
        assertEquals("marketpipe.connectors", e.path());
    }

    @Test
    void validConfigurationPasses()
    {
        assertDoesNotThrow(() -> validate("marketpipe { bus.buffer-size = 1024, connectors = [ { type = anything, whatever = 1 } ] }"));
    }

    private static void validate(String hocon)
    {
        Config config = ConfigFactory.parseString(hocon).withFallback(REFERENCE).resolve();
        ConfigValidator.validateRoot(config, REFERENCE);
    }
}
