package io.marketpipe.launcher;

import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.EventListener;
import io.marketpipe.core.json.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import static java.util.Objects.requireNonNull;

/**
 * Writes every event as one line of canonical JSON. Raw book messages (snapshots and deltas as
 * the venue sent them) are left out: the verified {@code book} events carry the result.
 */
final class JsonLinesListener
        implements EventListener, AutoCloseable
{
    private final Writer out;

    JsonLinesListener(Writer out)
    {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void onEvent(MarketEvent event)
    {
        String type = event.type();
        if (type.equals("book_snapshot") || type.equals("book_delta")) {
            return;
        }
        try {
            EventJson.write(event, out);
            out.write('\n');
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onClose()
    {
        try {
            out.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close()
            throws IOException
    {
        out.close();
    }
}
