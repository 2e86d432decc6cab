package io.marketpipe.core.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.core.internal.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeSettingsTest
{
    private static final Config REFERENCE = ConfigLoader.references(List.of());

    @Test
    void idleWaitIsTheModesChoiceUnlessConfigured()
    {
        assertEquals(Optional.empty(), settings("").idlePoll(), "auto by default");
        assertEquals(Optional.of(Duration.ZERO), settings("marketpipe.bus.idle-wait = signal").idlePoll());
        assertEquals(Optional.of(Duration.ofMillis(5)), settings("marketpipe.bus.idle-wait = 5ms").idlePoll());
    }

    @Test
    void anIdleWaitThatIsNeitherAWordNorAnIntervalNamesItsKey()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings("marketpipe.bus.idle-wait = sometimes"));
        assertEquals("marketpipe.bus.idle-wait", e.path());
        assertTrue(e.getMessage().contains("expected auto, signal or a poll interval such as 1ms, got \"sometimes\""), e.getMessage());

        ConfigurationException zero = assertThrows(ConfigurationException.class, () -> settings("marketpipe.bus.idle-wait = 0ms"));
        assertTrue(zero.getMessage().contains("more than 0 and at most 1s"), zero.getMessage());
    }

    private static RuntimeSettings settings(String hocon)
    {
        return RuntimeSettings.from(ConfigFactory.parseString(hocon).withFallback(REFERENCE).resolve());
    }
}
