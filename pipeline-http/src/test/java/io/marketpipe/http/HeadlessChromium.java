package io.marketpipe.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol on loopback: open a page, read its
 * live DOM, take a screenshot. (The one-shot {@code --dump-dom} waits for the network to go quiet,
 * which a page holding an event stream never does.)
 */
final class HeadlessChromium
        implements AutoCloseable
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    HeadlessChromium(Path executable, int width, int height)
            throws IOException, InterruptedException
    {
        profile = Files.createTempDirectory("marketpipe-chromium");
        process = new ProcessBuilder(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--hide-scrollbars", "--window-size=" + width + "," + height, "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                close();
                throw new IOException("chromium did not open its DevTools port");
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        String pageSocket = null;
        try (Response targets = client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list").build()).execute()) {
            for (JsonNode target : MAPPER.readTree(targets.body().string())) {
                if (target.get("type").asText().equals("page")) {
                    pageSocket = target.get("webSocketDebuggerUrl").asText();
                }
            }
        }
        if (pageSocket == null) {
            close();
            throw new IOException("chromium has no page to drive");
        }
        socket = client.newWebSocket(new Request.Builder().url(pageSocket).build(), new WebSocketListener()
        {
            @Override
            public void onMessage(WebSocket webSocket, String text)
            {
                try {
                    JsonNode message = MAPPER.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> call = calls.remove(message.get("id").asInt());
                        if (call != null) {
                            call.complete(message);
                        }
                    }
                }
                catch (IOException e) {
                    // not a protocol message
                }
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable failure, Response response)
            {
                calls.values().forEach(call -> call.completeExceptionally(failure));
            }
        });
    }

    void open(String url)
            throws Exception
    {
        call("Page.navigate", Map.of("url", url));
    }

    String dom()
            throws Exception
    {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", "document.documentElement.outerHTML", "returnByValue", true));
        return result.path("result").path("result").path("value").asText();
    }

    void screenshot(Path file)
            throws Exception
    {
        JsonNode result = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(file, Base64.getDecoder().decode(result.path("result").path("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> parameters)
            throws Exception
    {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        ObjectNode message = MAPPER.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", MAPPER.valueToTree(parameters));
        socket.send(MAPPER.writeValueAsString(message));
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + " failed: " + reply.get("error"));
        }
        return reply;
    }

    @Override
    public void close()
    {
        if (socket != null) {
            socket.close(1000, "done");
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
