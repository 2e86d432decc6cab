package io.marketpipe.core.capture;

import java.io.IOException;

/**
 * A capture file is not valid {@code marketpipe-capture/1}; the message names the file and line.
 */
public class CaptureFormatException
        extends IOException
{
    public CaptureFormatException(String message)
    {
        super(message);
    }

    public CaptureFormatException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
