package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.core.PipelineParts;
import io.marketpipe.core.capture.CaptureLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The recorded REST responses of a capture, answering requests that today's code makes, which
 * need not be byte-identical to the recorded ones.
 *
 * <p>A recorded response answers a request when
 * <ul>
 *   <li>the methods are equal;</li>
 *   <li>the paths are equal once scheme, host and port are dropped (production URL against a
 *       fake server on loopback), empty segments are dropped, and every version segment
 *       ({@code v1}, {@code v3}) counts as the same (a 2021 capture of {@code /api/v1/depth}
 *       answers today's {@code /api/v3/depth});</li>
 *   <li>every identifying parameter of the recorded URL has the same (decoded) value in the
 *       request. A parameter is identifying unless it is in {@link #NON_IDENTIFYING_PARAMETERS}:
 *       sizes ({@code limit}), times and cursors ({@code startTime}, {@code period1}), signing and
 *       presentation ({@code timestamp}, {@code lang}). Parameters the request has and the
 *       recording lacks do not matter.</li>
 * </ul>
 * Recorded responses with the same identifying parameters form a group; when several groups
 * match, the one with the most identifying parameters wins (the earliest recorded on a tie). A
 * group answers in recorded order, one response per request, so a polled source sees its
 * responses as they were recorded; after the last one it keeps answering the last (a market that
 * stopped moving), counted in {@link #repeatedAnswers()}.
 *
 * <p>Response bodies are held in memory up to a limit given at construction; the bodies after it
 * are set aside in a temporary file (see {@link SpillFile}) and read back when they answer, so
 * that a recording of any length is indexed in bounded memory. {@link #close()} releases the file.
 *
 * <p>Thread-safe.
 */
public final class RecordedRestExchanges
        implements PipelineParts.RecordedRest, AutoCloseable
{
    /**
     * Query parameters that never tell two recorded responses apart: sizes, time ranges and
     * pagination cursors, request signing, and presentation.
     */
    public static final Set<String> NON_IDENTIFYING_PARAMETERS = Set.of(
            "limit", "sz", "depth", "count",
            "startTime", "endTime", "start", "end", "since", "period1", "period2", "before", "after", "fromId",
            "timestamp", "recvWindow", "signature",
            "lang", "region", "useYfid", "corsDomain", "crumb", "formatted", "includePrePost", "events");

    private static final Pattern VERSION_SEGMENT = Pattern.compile("v\\d+");

    // per method and path, the groups by their identifying parameters, in recorded order
    private final Map<String, Map<Map<String, String>, Group>> groupsByPath = new HashMap<>();
    // every response in recorded order
    private final List<Recorded> inOrder = new ArrayList<>();
    private final long heldLimit;
    private final Path spillDirectory;
    private long held;
    private SpillFile spill;
    private long repeated;

    /**
     * Holds every response body in memory.
     */
    public RecordedRestExchanges()
    {
        this(Long.MAX_VALUE, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param heldLimit the characters of response bodies held in memory; the bodies after them
     *        are set aside in a temporary file in {@code spillDirectory}
     */
    public RecordedRestExchanges(long heldLimit, Path spillDirectory)
    {
        if (heldLimit < 0) {
            throw new IllegalArgumentException("heldLimit is negative: " + heldLimit);
        }
        this.heldLimit = heldLimit;
        this.spillDirectory = requireNonNull(spillDirectory, "spillDirectory is null");
    }

    /**
     * Adds a recorded {@code rest} line; lines of other kinds are ignored.
     *
     * @throws UncheckedIOException when its body cannot be set aside
     */
    @Override
    public synchronized void add(CaptureLine line)
    {
        requireNonNull(line, "line is null");
        if (line.kind() != CaptureLine.Kind.REST || line.url() == null) {
            return;
        }
        ParsedUrl url = ParsedUrl.parse(line.url());
        Map<String, String> identifying = new TreeMap<>(url.parameters);
        identifying.keySet().removeAll(NON_IDENTIFYING_PARAMETERS);
        Group group = groupsByPath.computeIfAbsent(pathKey(line.method(), url.path), key -> new LinkedHashMap<>())
                .computeIfAbsent(identifying, Group::new);
        Recorded recorded = hold(line);
        group.responses.add(recorded);
        inOrder.add(recorded);
    }

    /**
     * @return the recorded requests in recorded order; sending each once, in this order, is
     *         answered with every recorded response once, in order (each request falls in its
     *         own group, whose responses are in recorded order too)
     */
    @Override
    public synchronized List<RestRequest> requests()
    {
        List<RestRequest> requests = new ArrayList<>(inOrder.size());
        for (Recorded recorded : inOrder) {
            requests.add(new RestRequest(recorded.method == null ? "GET" : recorded.method.toUpperCase(Locale.ROOT), recorded.url, Map.of(), null, 1));
        }
        return requests;
    }

    /**
     * @return the next recorded response for the request, or empty when nothing recorded matches
     * @throws UncheckedIOException when its body was set aside and cannot be read back
     */
    @Override
    public synchronized Optional<CaptureLine> answer(String method, String url)
    {
        requireNonNull(method, "method is null");
        requireNonNull(url, "url is null");
        ParsedUrl request = ParsedUrl.parse(url);
        Map<Map<String, String>, Group> groups = groupsByPath.get(pathKey(method, request.path));
        if (groups == null) {
            return Optional.empty();
        }
        Group best = null;
        for (Group group : groups.values()) {
            // groups are in recorded order, so the earliest wins a tie
            if (group.matches(request.parameters) && (best == null || group.parameters.size() > best.parameters.size())) {
                best = group;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        if (best.next >= best.responses.size()) {
            repeated++;
            return Optional.of(restore(best.responses.get(best.responses.size() - 1)));
        }
        return Optional.of(restore(best.responses.get(best.next++)));
    }

    /**
     * @return the bytes of response bodies set aside on disk
     */
    public synchronized long spilledBytes()
    {
        return spill == null ? 0 : spill.size();
    }

    /**
     * Releases the file of the bodies set aside; answering one of them fails after this.
     */
    @Override
    public synchronized void close()
    {
        if (spill != null) {
            try {
                spill.close();
            }
            catch (IOException e) {
                // nothing more to release
            }
        }
    }

    private Recorded hold(CaptureLine line)
    {
        // one String per method name, however many responses name it
        String method = line.method() == null ? null : line.method().intern();
        String body = line.data();
        if (body == null || held + body.length() <= heldLimit) {
            held += body == null ? 0 : body.length();
            return new Recorded(line.ts(), method, line.url(), line.status(), body, -1, 0);
        }
        try {
            if (spill == null) {
                spill = SpillFile.create(spillDirectory, "marketpipe-replay-rest-");
            }
            SpillFile.Position position = spill.append(body);
            return new Recorded(line.ts(), method, line.url(), line.status(), null, position.offset(), position.length());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot set recorded REST responses aside in " + spillDirectory + ": " + e.getMessage(), e);
        }
    }

    private CaptureLine restore(Recorded recorded)
    {
        String body = recorded.body;
        if (recorded.spillOffset >= 0) {
            try {
                body = spill.read(new SpillFile.Position(recorded.spillOffset, recorded.spillLength));
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read back the recorded response to " + recorded.method + " " + recorded.url + ": " + e.getMessage(), e);
            }
        }
        return CaptureLine.rest(recorded.ts, recorded.method, recorded.url, recorded.status, body);
    }

    /**
     * A recorded response, kept small: a long recording holds one per response. Its body is in
     * {@code body} or, from {@code spillOffset} on when that is not negative, in the spill file.
     */
    private record Recorded(long ts, String method, String url, int status, String body, long spillOffset, int spillLength) {}

    /**
     * @return the number of recorded responses
     */
    public synchronized int size()
    {
        return inOrder.size();
    }

    /**
     * @return how many answers repeated the last response of an exhausted group
     */
    public synchronized long repeatedAnswers()
    {
        return repeated;
    }

    private static String pathKey(String method, String normalizedPath)
    {
        return (method == null ? "GET" : method.toUpperCase(Locale.ROOT)) + " " + normalizedPath;
    }

    private static final class Group
    {
        private final Map<String, String> parameters;
        private final List<Recorded> responses = new ArrayList<>();
        private int next;

        Group(Map<String, String> parameters)
        {
            this.parameters = parameters;
        }

        boolean matches(Map<String, String> requestParameters)
        {
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                if (!parameter.getValue().equals(requestParameters.get(parameter.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class ParsedUrl
    {
        private final String path;
        private final Map<String, String> parameters;

        private ParsedUrl(String path, Map<String, String> parameters)
        {
            this.path = path;
            this.parameters = parameters;
        }

        static ParsedUrl parse(String url)
        {
            String rest = url;
            int fragment = rest.indexOf('#');
            if (fragment >= 0) {
                rest = rest.substring(0, fragment);
            }
            String query = "";
            int question = rest.indexOf('?');
            if (question >= 0) {
                query = rest.substring(question + 1);
                rest = rest.substring(0, question);
            }
            int scheme = rest.indexOf("://");
            if (scheme >= 0) {
                int pathStart = rest.indexOf('/', scheme + 3);
                rest = pathStart < 0 ? "" : rest.substring(pathStart);
            }
            StringBuilder path = new StringBuilder();
            for (String segment : rest.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                String decoded = decode(segment.replace("+", "%2B"));
                path.append('/').append(VERSION_SEGMENT.matcher(decoded).matches() ? "v*" : decoded);
            }
            Map<String, String> parameters = new HashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.merge(name, value, (first, second) -> first + "," + second);
            }
            return new ParsedUrl(path.length() == 0 ? "/" : path.toString(), parameters);
        }

        private static String decode(String text)
        {
            try {
                return URLDecoder.decode(text, StandardCharsets.UTF_8);
            }
            catch (IllegalArgumentException e) {
                return text;
            }
        }
    }
}
