package io.marketpipe.core.capture;

import static java.util.Objects.requireNonNull;

/**
 * One line of a capture file after the header. Fields that do not apply to a kind are null
 * (strings) or 0 (numbers): {@code conn} for {@code rest}, {@code method}/{@code status} for
 * frames, and so on.
 *
 * @param kind the line kind
 * @param ts the recorder's receive time in epoch nanoseconds, 0 when unknown
 * @param conn the WebSocket connection number ({@code open}, {@code send}, {@code recv}, {@code close})
 * @param url the URL ({@code open}, {@code rest})
 * @param method the HTTP method ({@code rest})
 * @param status the HTTP status ({@code rest})
 * @param data the verbatim frame text or response body ({@code send}, {@code recv}, {@code rest})
 * @param code the close code ({@code close})
 * @param reason the close reason ({@code close})
 */
public record CaptureLine(
        Kind kind,
        long ts,
        int conn,
        String url,
        String method,
        int status,
        String data,
        int code,
        String reason)
{
    public CaptureLine
    {
        requireNonNull(kind, "kind is null");
    }

    public static CaptureLine open(long ts, int conn, String url)
    {
        return new CaptureLine(Kind.OPEN, ts, conn, url, null, 0, null, 0, null);
    }

    public static CaptureLine send(long ts, int conn, String data)
    {
        return new CaptureLine(Kind.SEND, ts, conn, null, null, 0, data, 0, null);
    }

    public static CaptureLine recv(long ts, int conn, String data)
    {
        return new CaptureLine(Kind.RECV, ts, conn, null, null, 0, data, 0, null);
    }

    public static CaptureLine rest(long ts, String method, String url, int status, String body)
    {
        return new CaptureLine(Kind.REST, ts, 0, url, method, status, body, 0, null);
    }

    public static CaptureLine close(long ts, int conn, int code, String reason)
    {
        return new CaptureLine(Kind.CLOSE, ts, conn, null, null, 0, null, code, reason);
    }

    /**
     * The line kinds of the format (the {@code t} field).
     */
    public enum Kind
    {
        OPEN("open"),
        SEND("send"),
        RECV("recv"),
        REST("rest"),
        CLOSE("close");

        private final String wireName;

        Kind(String wireName)
        {
            this.wireName = wireName;
        }

        public String wireName()
        {
            return wireName;
        }

        private static final Kind[] KINDS = values();

        static Kind fromWireName(String name)
        {
            for (Kind kind : KINDS) {
                if (kind.wireName.equals(name)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
