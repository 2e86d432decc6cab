package io.marketpipe.toolkit;

/**
 * A frame or response body that is not what the venue documents: malformed JSON, a missing or
 * mistyped field, a value out of range. The message names what was wrong, so that the status
 * event reporting it tells the user which field of which message failed.
 */
public class DecodeException
        extends Exception
{
    public DecodeException(String message)
    {
        super(message);
    }

    public DecodeException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
