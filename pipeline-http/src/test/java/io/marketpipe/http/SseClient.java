package io.marketpipe.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Server-Sent Events stream on its own thread, keeping every {@code data:} payload and the
 * payloads of named events.
 */
final class SseClient
        implements AutoCloseable
{
    private final List<String> data = new ArrayList<>();
    private final List<String> named = new ArrayList<>();
    private final Thread reader;
    private volatile int status;
    private volatile String contentType;
    private volatile boolean ended;
    private volatile java.io.InputStream body;

    SseClient(URI uri)
    {
        reader = new Thread(() -> read(uri), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(URI uri)
    {
        try {
            HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            contentType = response.headers().firstValue("Content-Type").orElse("");
            body = response.body();
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String event = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                }
                else if (line.startsWith("data: ")) {
                    synchronized (this) {
                        (event == null ? data : named).add(event == null ? line.substring(6) : event + " " + line.substring(6));
                    }
                }
                else if (line.isEmpty()) {
                    event = null;
                }
            }
        }
        catch (IOException e) {
            // the stream ended
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            ended = true;
        }
    }

    synchronized List<String> data()
    {
        return List.copyOf(data);
    }

    synchronized List<String> named()
    {
        return List.copyOf(named);
    }

    int status()
    {
        return status;
    }

    String contentType()
    {
        return contentType;
    }

    boolean ended()
    {
        return ended;
    }

    @Override
    public void close()
    {
        reader.interrupt();
        // not the reader: its lock is held by the thread blocked reading
        java.io.InputStream open = body;
        if (open != null) {
            try {
                open.close();
            }
            catch (IOException e) {
                // closing anyway
            }
        }
    }
}
