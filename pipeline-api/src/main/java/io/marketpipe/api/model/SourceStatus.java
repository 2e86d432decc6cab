package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * Something happened to a source that consumers should know: a connection opened or dropped,
 * a book gap and its resync, a rejected event, a failover. Status events flow through the
 * pipeline like market data, so stores and listeners can record them.
 *
 * @param source the name of the connector instance (e.g. {@code binance-spot})
 * @param venue the venue, e.g. {@code binance}
 * @param market the venue segment, e.g. {@code spot}
 * @param instrument the instrument concerned, or null for the whole connection
 * @param kind what happened
 * @param reason a human-readable explanation naming what was wrong
 * @since 0.1
 */
public record SourceStatus(
        String source,
        String venue,
        String market,
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        Kind kind,
        String reason)
        implements MarketEvent
{
    public SourceStatus
    {
        requireNonNull(source, "source is null");
        requireNonNull(venue, "venue is null");
        requireNonNull(market, "market is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public String type()
    {
        return "status";
    }

    /**
     * What a status event reports.
     */
    public enum Kind
    {
        CONNECTED,
        DISCONNECTED,
        RECONNECTING,
        /**
         * A sequence gap was detected: the book is no longer verified, or trades were missed that
         * could not be fetched again (the reason names the first and last missing trade id).
         */
        GAP,
        /** A book was re-synchronised and is verified again. */
        RESYNC,
        CHECKSUM_MISMATCH,
        CROSSED_BOOK,
        /** An event failed validation and was not passed on. */
        REJECTED,
        /** A frame could not be decoded. */
        DECODE_ERROR,
        /**
         * A connection, a subscription or an instrument went silent; the reason says for how long
         * and what is done about it (a connection reopened, a stream subscribed again).
         */
        STALE,
        FAILOVER,
        /**
         * The source's circuit breaker opened: too many connection attempts failed in a row, and
         * attempts are held back for a while.
         *
         * @since 0.2
         */
        CIRCUIT_OPEN,
        /**
         * The source's circuit breaker lets a trial connection attempt through.
         *
         * @since 0.2
         */
        CIRCUIT_HALF_OPEN,
        /**
         * The source's circuit breaker closed again: a connection attempt succeeded.
         *
         * @since 0.2
         */
        CIRCUIT_CLOSED,
        /**
         * The instrument's market closed (a session ended, a weekend or holiday began): silence
         * is expected until {@link #MARKET_OPEN} or the next data, and is not stale.
         *
         * @since 0.3
         */
        MARKET_CLOSED,
        /**
         * The instrument's market opened again: silence counts from now.
         *
         * @since 0.3
         */
        MARKET_OPEN,
        /** Anything else worth reporting; the reason says what. */
        INFO;

        /**
         * @return the lower-case name used in JSON output
         */
        public String wireName()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
