package io.marketpipe.core.internal.runtime;

import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.EventListener;
import io.marketpipe.core.internal.bus.ConsumerStage;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A host's listener behind its consumer stage.
 */
final class ListenerHandler
        implements ConsumerStage.BatchHandler
{
    private final EventListener listener;

    ListenerHandler(EventListener listener)
    {
        this.listener = requireNonNull(listener, "listener is null");
    }

    @Override
    public void handle(List<MarketEvent> batch)
    {
        for (MarketEvent event : batch) {
            listener.onEvent(event);
        }
    }

    @Override
    public void finish()
    {
        listener.onClose();
    }
}
