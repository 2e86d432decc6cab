package io.marketpipe.core.capture;

/**
 * A capture file ends abruptly: its last line is cut, its compressed stream stops before its end,
 * or its compressed data is corrupt. The lines before the damage were readable; none after it is.
 */
public class CaptureTruncatedException
        extends CaptureFormatException
{
    public CaptureTruncatedException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
