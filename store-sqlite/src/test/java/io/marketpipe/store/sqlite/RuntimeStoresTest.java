package io.marketpipe.store.sqlite;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.core.MarketPipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store as the runtime creates it: discovered on the class path, configured from HOCON, and
 * the default store a launcher command chooses.
 */
class RuntimeStoresTest
{
    @TempDir
    Path temp;

    @Test
    void withoutStoresAPipelineWritesNowhereUnlessTheHostChoseADefault()
    {
        try (MarketPipe pipe = builder().build()) {
            assertTrue(pipe.queries().isEmpty());
        }
        Path fallback = temp.resolve("default/marketpipe.db");
        try (MarketPipe pipe = builder().defaultStore(block(fallback)).build()) {
            assertTrue(pipe.queries().isPresent());
            assertEquals(List.of("sqlite"), pipe.storeTypes());
        }
        assertTrue(Files.exists(fallback));
    }

    @Test
    void configuredStoresTakePrecedenceOverTheDefault()
    {
        Path configured = temp.resolve("configured.db");
        Path fallback = temp.resolve("fallback.db");
        try (MarketPipe pipe = builder().config("marketpipe.stores = [" + block(configured) + "]").defaultStore(block(fallback)).build()) {
            assertTrue(pipe.queries().isPresent());
        }
        assertTrue(Files.exists(configured));
        assertFalse(Files.exists(fallback));
    }

    @Test
    void aRelativePathResolvesAgainstTheDataDirectory()
    {
        try (MarketPipe pipe = builder().config("marketpipe { data-directory = \"" + temp + "\", stores = [{ type = sqlite, path = \"data/relative.db\" }] }").build()) {
            assertTrue(pipe.queries().isPresent());
        }
        assertTrue(Files.exists(temp.resolve("data/relative.db")));
    }

    @Test
    void anUnknownKeyInAStoreBlockFailsTheBuildNamingItsPath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> builder()
                .config("marketpipe.stores = [{ type = sqlite, path = \"" + temp.resolve("x.db") + "\", batchsize = 10 }]")
                .build());
        assertEquals("marketpipe.stores[0].batchsize", e.path());
        assertTrue(e.getMessage().contains("did you mean batch-size"), e.getMessage());
    }

    private MarketPipe.Builder builder()
    {
        return MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins"));
    }

    private static String block(Path file)
    {
        return "{ type = sqlite, path = \"" + file + "\" }";
    }
}
