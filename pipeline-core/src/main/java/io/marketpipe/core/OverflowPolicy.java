package io.marketpipe.core;

/**
 * What a consumer stage does when its bounded buffer is full. Every dropped event is counted.
 */
public enum OverflowPolicy
{
    /** The producer waits for room: nothing is lost, but a slow consumer slows the producer (replay). */
    BLOCK,
    /** The oldest buffered event is dropped to make room: consumers see the freshest data. */
    DROP_OLDEST,
    /** The incoming event is dropped: consumers see a gap-free prefix. */
    DROP_NEWEST
}
