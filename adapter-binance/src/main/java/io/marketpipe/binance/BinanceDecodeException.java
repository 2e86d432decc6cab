package io.marketpipe.binance;

/**
 * A frame or response body that is not what Binance documents: malformed JSON, a missing or
 * mistyped field. The message names what was wrong.
 */
final class BinanceDecodeException
        extends Exception
{
    BinanceDecodeException(String message)
    {
        super(message);
    }

    BinanceDecodeException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
