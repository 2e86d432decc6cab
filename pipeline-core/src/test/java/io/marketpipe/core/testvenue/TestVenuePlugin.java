package io.marketpipe.core.testvenue;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;

import java.util.List;

/**
 * A venue with a trivial comma-separated protocol, for testing the runtime end to end:
 * {@code T,id,price,size,buy|sell} is a trade, {@code S,seq,bid,bidSize,ask,askSize} a one-level
 * snapshot, {@code D,prevSeq,seq,bid|ask,price,size} a delta.
 */
public final class TestVenuePlugin
        implements Plugin, ConnectorFactory
{
    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(this);
    }

    @Override
    public String type()
    {
        return "testvenue";
    }

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        return new TestVenueConnector(config.getString("ws-url"), config.getString("market"), config.getStringList("symbols"), context);
    }

    private static final class TestVenueConnector
            implements Connector, WebSocketListener
    {
        private final String url;
        private final Instrument instrument;
        private final ConnectorContext context;
        private WebSocketConnection connection;

        TestVenueConnector(String url, String market, List<String> symbols, ConnectorContext context)
        {
            this.url = url;
            this.instrument = Instrument.builder("testvenue", market, symbols.get(0)).base(symbols.get(0).substring(0, 3)).quote(symbols.get(0).substring(3)).build();
            this.context = context;
        }

        @Override
        public void start()
        {
            connection = context.webSockets().connect(url, this);
        }

        @Override
        public List<Instrument> instruments()
        {
            return List.of(instrument);
        }

        @Override
        public void onOpen(WebSocketConnection connection)
        {
            context.sink().accept(new SourceStatus(context.name(), "testvenue", instrument.market(), null, 0, context.clock().nowNanos(), SourceStatus.Kind.CONNECTED, "connected to " + connection.url()));
        }

        @Override
        public void onText(WebSocketConnection connection, String text, long receivedNanos)
        {
            String[] f = text.split(",");
            switch (f[0]) {
                case "T":
                    context.sink().accept(new Trade(instrument, receivedNanos, receivedNanos, f[1], Decimal.parse(f[2]), Decimal.parse(f[3]),
                            f[4].equals("buy") ? Side.BUY : Side.SELL, false));
                    break;
                case "S":
                    context.books().apply(new BookSnapshot(instrument, receivedNanos, receivedNanos, Long.parseLong(f[1]),
                            List.of(PriceLevel.parse(f[2], f[3])), List.of(PriceLevel.parse(f[4], f[5]))));
                    break;
                case "D":
                    List<PriceLevel> level = List.of(PriceLevel.parse(f[4], f[5]));
                    boolean bid = f[3].equals("bid");
                    ApplyResult result = context.books().apply(new BookDelta(instrument, receivedNanos, receivedNanos, Long.parseLong(f[1]), Long.parseLong(f[2]),
                            bid ? level : List.of(), bid ? List.of() : level));
                    context.metrics().counter("apply." + result.name().toLowerCase()).inc();
                    break;
                default:
                    context.metrics().counter("frames.invalid").inc();
            }
        }

        @Override
        public void close()
        {
            if (connection != null) {
                connection.close(1000, "closing");
            }
        }
    }
}
