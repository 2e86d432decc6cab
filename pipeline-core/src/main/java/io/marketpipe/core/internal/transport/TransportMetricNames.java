package io.marketpipe.core.internal.transport;

final class TransportMetricNames
{
    static final String WS_FRAMES_RECEIVED = "ws.frames.received";
    // frames the connector has finished with (decoded and published), on the connection's delivery thread
    static final String WS_FRAMES_DELIVERED = "ws.frames.delivered";
    static final String WS_FRAMES_SENT = "ws.frames.sent";
    static final String WS_SENDS_QUEUED = "ws.sends.queued";
    static final String WS_CONNECTS = "ws.connects";
    static final String WS_LISTENER_ERRORS = "ws.listener.errors";
    static final String WS_FAILURES = "ws.failures";
    static final String WS_INBOUND_OVERFLOWS = "ws.inbound.overflows";
    static final String REST_REQUESTS = "rest.requests";
    static final String REST_FAILURES = "rest.failures";
    static final String REST_THROTTLED = "rest.throttled";
    static final String REST_QUEUED = "rest.queued";
    static final String REST_WAITING = "rest.waiting";
    static final String REST_WEIGHT_USED = "rest.weight.used";
    static final String CAPTURE_WRITE_FAILURES = "capture.write.failures";
    static final String REPLAY_UNMATCHED = "replay.unmatched";
    static final String REPLAY_UNROUTED = "replay.unrouted";

    private TransportMetricNames() {}
}
