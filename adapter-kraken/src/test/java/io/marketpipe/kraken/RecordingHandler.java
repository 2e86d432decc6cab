package io.marketpipe.kraken;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Trade;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoder handler that names pairs from their names and keeps what it is given.
 */
class RecordingHandler
        implements KrakenDecoder.Handler
{
    final List<Object> received = new ArrayList<>();
    final List<String> subscriptions = new ArrayList<>();
    final List<String> streams = new ArrayList<>();
    final List<String> ignored = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();

    @Override
    public Instrument v1Pair(String pair)
    {
        return KrakenSymbols.fromNative(pair);
    }

    @Override
    public Instrument v2Symbol(String symbol)
    {
        return KrakenSymbols.fromV2(symbol);
    }

    @Override
    public void bookSnapshot(KrakenApi api, int depth, BookSnapshot snapshot)
    {
        received.add(snapshot);
    }

    @Override
    public void bookUpdate(KrakenApi api, int depth, BookDelta delta)
    {
        received.add(delta);
    }

    @Override
    public void trade(KrakenApi api, Trade trade)
    {
        received.add(trade);
    }

    @Override
    public void event(MarketEvent event)
    {
        received.add(event);
    }

    @Override
    public void precision(Instrument instrument, int priceDecimals, int quantityDecimals)
    {
        received.add(instrument.nativeSymbol() + " " + priceDecimals + "/" + quantityDecimals);
    }

    @Override
    public void subscription(KrakenApi api, String channel, Instrument instrument, int depth, String error)
    {
        subscriptions.add(api + " " + channel + " " + (instrument == null ? "-" : instrument.nativeSymbol()) + " " + depth + " " + error);
    }

    @Override
    public void systemStatus(String status)
    {
        statuses.add(status);
    }

    @Override
    public void stream(String name)
    {
        streams.add(name);
    }

    @Override
    public void ignored(String what)
    {
        ignored.add(what);
    }

    <T> List<T> of(Class<T> type)
    {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
