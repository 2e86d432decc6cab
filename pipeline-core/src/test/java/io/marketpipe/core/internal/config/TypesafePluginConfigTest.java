package io.marketpipe.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.model.Decimal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypesafePluginConfigTest
{
    private static final String PATH = "marketpipe.connectors[0]";
    private static final Config DEFAULTS = ConfigFactory.parseString("""
            market = spot
            symbols = []
            depth = 1000
            reconnect { min = 1s, max = 60s }
            tick = "0.01"
            api-key = ""
            client {}
            """);

    @Test
    void mergesTheBlockOverTheDefaults()
    {
        PluginConfig config = create("type = venue, symbols = [BTC/USDT], reconnect.max = 30s");
        assertEquals("venue", config.type());
        assertEquals("spot", config.getString("market"));
        assertEquals(List.of("BTC/USDT"), config.getStringList("symbols"));
        assertEquals(Duration.ofSeconds(30), config.getDuration("reconnect.max"));
        assertEquals(Duration.ofSeconds(1), config.getDuration("reconnect.min"));
        assertEquals(PATH, config.path());
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create("type = venue, symbls = [X]"));
        assertEquals(PATH + ".symbls", e.path());
        assertTrue(e.getMessage().contains("did you mean symbols?"), e.getMessage());
    }

    @Test
    void unknownNestedKeyIsRejected()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create("type = venue, reconnect { mx = 1s }"));
        assertEquals(PATH + ".reconnect.mx", e.path());
    }

    @Test
    void freeFormBlockAcceptsAnyKey()
    {
        PluginConfig config = create("type = venue, client { \"linger.ms\" = 5 }");
        assertEquals(5, config.getConfig("client").getInt("\"linger.ms\""));
    }

    @Test
    void wrongTypeAgainstTheDefaultIsRejectedAtCreation()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create("type = venue, depth = deep"));
        assertEquals(PATH + ".depth", e.path());
    }

    @Test
    void missingValueNamesThePath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create("type = venue").getString("nowhere"));
        assertEquals(PATH + ".nowhere", e.path());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void decimalsAreExactWhetherWrittenAsNumberOrString()
    {
        PluginConfig config = create("type = venue, tick = 0.10");
        assertEquals(Decimal.parse("0.10"), config.getDecimal("tick"));
        assertEquals("0.01", create("type = venue").getDecimal("tick").toString());
    }

    @Test
    void singleStringIsAOneElementList()
    {
        assertEquals(List.of("BTC/USDT"), create("type = venue, symbols = BTC/USDT").getStringList("symbols"));
    }

    @Test
    void enumsMatchIgnoringCaseAndDashes()
    {
        assertEquals(Mode.DROP_OLDEST, create("type = venue, market = drop-oldest").getEnum(Mode.class, "market"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create("type = venue, market = sideways").getEnum(Mode.class, "market"));
        assertTrue(e.getMessage().contains("expected one of block, drop-oldest"), e.getMessage());
    }

    @Test
    void emptySecretIsAbsentAndSecretsAreMaskedWhenRendered()
    {
        assertFalse(create("type = venue").getSecret("api-key").isPresent());
        PluginConfig config = create("type = venue, api-key = s3cr3t");
        assertEquals("s3cr3t", config.getSecret("api-key").orElseThrow());
        assertFalse(config.toString().contains("s3cr3t"), config.toString());
        String rendered = ConfigRenderer.render(ConfigFactory.parseString("marketpipe.connectors = [{ type = venue, api-key = s3cr3t, password = hunter2 }]"));
        assertFalse(rendered.contains("s3cr3t") || rendered.contains("hunter2"), rendered);
        assertTrue(rendered.contains(Secrets.MASK), rendered);
    }

    private static PluginConfig create(String hocon)
    {
        return TypesafePluginConfig.create(PATH, ConfigFactory.parseString(hocon), DEFAULTS, Set.of("type", "name"));
    }

    enum Mode
    {
        BLOCK,
        DROP_OLDEST
    }
}
