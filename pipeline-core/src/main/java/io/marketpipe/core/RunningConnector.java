package io.marketpipe.core;

import io.marketpipe.api.book.BookView;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.core.book.BookStats;

import java.util.Optional;

/**
 * A connector instance as the pipeline runs it: its configured name and type, the connector
 * itself and what the runtime observes of it.
 */
public interface RunningConnector
{
    /**
     * @return the instance name, unique in the pipeline ({@code binance-spot}, say)
     */
    String name();

    /**
     * @return the connector type, the plugin's name for it ({@code binance}, say)
     */
    String type();

    /**
     * @return the connector, for its instruments and its venue-specific capabilities
     */
    Connector connector();

    /**
     * @return the statistics of the order books the runtime keeps for this connector
     */
    BookStats bookStats();

    /**
     * @return the connector's order book for the instrument, when the runtime keeps one
     */
    Optional<BookView> book(Instrument instrument);

    /**
     * @return whether the latest connection status the connector reported is connected
     */
    boolean connected();

    /**
     * @return the reason of the latest disconnection, or null when there has been none
     */
    String lastDisconnectReason();

    /**
     * @return the state of the connector's circuit breaker
     */
    ReconnectPolicy.State circuitState();

    /**
     * @return why the circuit breaker is open, or null when it is not
     */
    String circuitReason();

    /**
     * @return the local receive time of the latest event the connector published, epoch ns, or 0
     */
    long lastEventNanos();
}
