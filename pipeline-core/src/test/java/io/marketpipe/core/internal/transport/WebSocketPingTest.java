package io.marketpipe.core.internal.transport;

import io.marketpipe.testkit.fakes.CountingMetrics;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Venues such as Binance ping every connection and drop those that do not answer. The transport
 * (OkHttp underneath) answers a ping control frame with a pong carrying the same payload, and the
 * connector never sees the ping. Checked against a venue written on a raw socket, since a fake
 * venue built on OkHttp cannot send pings of its own.
 */
class WebSocketPingTest
{
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int TEXT = 0x1;

    private final OkHttpClient client = OkHttpClients.create(TransportSettings.defaults());

    @AfterEach
    void shutDownClient()
    {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void venuePingIsAnsweredWithAPongCarryingItsPayload()
            throws Exception
    {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            QueueingListener listener = new QueueingListener();
            new LiveWebSocketTransport(client, new CountingMetrics()).connect("ws://127.0.0.1:" + server.getLocalPort() + "/ws", listener);
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                acceptUpgrade(in, out);
                assertEquals("open", listener.next());

                writeFrame(out, PING, "1723161255343");
                Frame answer = readFrame(in);
                writeFrame(out, TEXT, "after the ping");

                assertEquals(PONG, answer.opcode());
                assertEquals("1723161255343", answer.payload(), "the pong echoes the ping's payload");
                assertTrue(answer.masked(), "a client's frames are masked");
                assertEquals("text:after the ping", listener.next(), "the ping never reached the listener");
            }
        }
    }

    private static void acceptUpgrade(InputStream in, OutputStream out)
            throws IOException, NoSuchAlgorithmException
    {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        while (!request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the client closed during the upgrade: " + request.toString(StandardCharsets.ISO_8859_1));
            }
            request.write(next);
        }
        Matcher key = KEY.matcher(request.toString(StandardCharsets.ISO_8859_1));
        assertTrue(key.find(), "no Sec-WebSocket-Key in " + request);
        byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.group(1) + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Writes a final, unmasked frame (as a server does) with a payload under 126 bytes.
     */
    private static void writeFrame(OutputStream out, int opcode, String payload)
            throws IOException
    {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        out.write(0x80 | opcode);
        out.write(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads one frame with a payload under 126 bytes, unmasking it.
     */
    private static Frame readFrame(InputStream in)
            throws IOException
    {
        int first = readByte(in);
        int second = readByte(in);
        boolean masked = (second & 0x80) != 0;
        int length = second & 0x7F;
        byte[] mask = masked ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes(length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame(first & 0x0F, masked, new String(payload, StandardCharsets.UTF_8));
    }

    private static int readByte(InputStream in)
            throws IOException
    {
        int value = in.read();
        if (value < 0) {
            throw new IOException("the client closed the connection");
        }
        return value;
    }

    private record Frame(int opcode, boolean masked, String payload) {}
}
