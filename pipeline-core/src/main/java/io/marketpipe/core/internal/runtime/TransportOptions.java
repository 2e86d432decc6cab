package io.marketpipe.core.internal.runtime;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * How the runtime gets its frames: from the venues, from the venues while recording them, or
 * from a capture file.
 *
 * @param mode the transport mode
 * @param capture the capture to replay ({@code REPLAY}) or to write ({@code RECORD}); null when live
 * @param speed the replay speed: {@code max}, {@code 1x}, {@code 10x}, ...
 */
public record TransportOptions(Mode mode, Path capture, String speed)
{
    public static final TransportOptions LIVE = new TransportOptions(Mode.LIVE, null, null);

    public TransportOptions
    {
        requireNonNull(mode, "mode is null");
        if (mode != Mode.LIVE) {
            requireNonNull(capture, "capture is null");
        }
    }

    public static TransportOptions replay(Path capture, String speed)
    {
        return new TransportOptions(Mode.REPLAY, capture, speed == null ? "max" : speed);
    }

    public static TransportOptions record(Path output)
    {
        return new TransportOptions(Mode.RECORD, output, null);
    }

    /**
     * The transport modes.
     */
    public enum Mode
    {
        LIVE,
        RECORD,
        REPLAY
    }
}
