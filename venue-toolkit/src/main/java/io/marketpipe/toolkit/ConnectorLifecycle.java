package io.marketpipe.toolkit;

/**
 * The two transitions of a connector: started once, closed once, never started after closing.
 * Thread-safe.
 */
public final class ConnectorLifecycle
{
    private boolean started;
    private boolean closed;

    /**
     * @return true for the first call, unless the connector was closed: the caller then starts it
     */
    public synchronized boolean start()
    {
        if (started || closed) {
            return false;
        }
        started = true;
        return true;
    }

    /**
     * @return true for the first call: the caller then releases what the connector holds
     */
    public synchronized boolean close()
    {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    public synchronized boolean closed()
    {
        return closed;
    }
}
