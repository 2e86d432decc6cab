package io.marketpipe.testkit.venue;

/**
 * The faults a {@link FakeVenue} injects, as counted by {@link FakeVenue#injected(FaultKind)}.
 */
public enum FaultKind
{
    /** A WebSocket connection dropped without a close frame. */
    DROP,
    /** A WebSocket connection closed by the venue with a close code. */
    CLOSE,
    /** The venue stopped sending for a while, keeping the connection open. */
    STALL,
    /** A frame no venue protocol would send. */
    GARBAGE,
    /** A frame cut off in the middle, sent instead of the whole one. */
    TRUNCATE,
    /** A frame withheld. */
    SKIP,
    /** A REST request answered 429 Too Many Requests with {@code Retry-After}. */
    REST_THROTTLED,
    /** A REST request answered 418 (Binance's IP ban) with {@code Retry-After}. */
    REST_BANNED,
    /** A REST request answered with a server error. */
    REST_SERVER_ERROR,
    /** A REST request answered late. */
    REST_SLOW
}
