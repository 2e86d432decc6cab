package io.marketpipe.core;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.core.mocked.MockedStorePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * How the runtime drives a plugin, specified by the interactions a plugin author relies on.
 */
class PluginInteractionsTest
{
    @TempDir
    Path temp;

    @Test
    void eachStoreFactoryIsCalledOnceWithItsOwnBlock()
    {
        StoreFactory factory = mock(StoreFactory.class);
        when(factory.create(any(), any())).thenAnswer(invocation -> mock(Store.class));
        MockedStorePlugin.delegateTo(factory);

        try (MarketPipe ignored = pipeline("""
                marketpipe.stores = [
                  { type = mocked, name = first, path = "one.db" },
                  { type = mocked, name = second, path = "two.db" }
                ]
                """)) {
            ArgumentCaptor<PluginConfig> configs = ArgumentCaptor.forClass(PluginConfig.class);
            ArgumentCaptor<StoreContext> contexts = ArgumentCaptor.forClass(StoreContext.class);
            verify(factory, times(2)).create(configs.capture(), contexts.capture());
            assertEquals(List.of("one.db", "two.db"), configs.getAllValues().stream().map(config -> config.getString("path")).toList());
            assertEquals(List.of("marketpipe.stores[0]", "marketpipe.stores[1]"), configs.getAllValues().stream().map(PluginConfig::path).toList());
            assertEquals(List.of("first", "second"), contexts.getAllValues().stream().map(StoreContext::name).toList());
        }
    }

    @Test
    void aStoreIsFlushedThenClosedExactlyOnceHoweverOftenThePipelineIsClosed()
            throws Exception
    {
        Store store = mock(Store.class);
        when(store.queries()).thenReturn(Optional.empty());
        StoreFactory factory = mock(StoreFactory.class);
        when(factory.create(any(), any())).thenReturn(store);
        MockedStorePlugin.delegateTo(factory);

        MarketPipe pipe = pipeline("marketpipe.stores = [{ type = mocked }]");
        pipe.start();
        pipe.close();
        pipe.close();

        InOrder order = inOrder(store);
        order.verify(store).flush();
        order.verify(store, times(1)).close();
        order.verifyNoMoreInteractions();
    }

    private MarketPipe pipeline(String hocon)
    {
        return MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config(hocon)
                .build();
    }
}
