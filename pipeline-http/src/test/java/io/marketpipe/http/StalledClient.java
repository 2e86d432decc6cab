package io.marketpipe.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A stream subscriber that sends its request, reads the first bytes of the answer and then stops
 * reading, with a small receive buffer, as a client on a congested link would.
 */
final class StalledClient
        implements AutoCloseable
{
    private final Socket socket = new Socket();
    private final String head;

    StalledClient(URI uri)
            throws IOException
    {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] first = new byte[64];
        int read = in.read(first);
        head = new String(first, 0, Math.max(0, read), StandardCharsets.UTF_8);
    }

    /**
     * Reads on until the server closes the stream.
     *
     * @return everything read, the first bytes included
     */
    String readToEnd()
            throws IOException
    {
        return head + new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close()
            throws IOException
    {
        socket.close();
    }
}
