package io.marketpipe.binance;

import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.venue.FakeVenue;
import io.marketpipe.testkit.venue.RestResponder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A synthetic Binance spot market for fault tests, played by a {@link FakeVenue}: for a few
 * symbols, a stream of {@code @trade} frames with consecutive ids and {@code @depth@100ms} diffs
 * of a book whose mid wanders (bids always below it, asks above, so it never crosses), one frame
 * per millisecond of recorded time. Its REST endpoints answer from what the venue has published
 * so far (frames played, including those skipped or lost in flight): {@code depth} with the book
 * as of the last diff published, {@code historicalTrades} by id. Its WebSocket answers requests
 * as Binance does ({@code LIST_SUBSCRIPTIONS}, {@code SUBSCRIBE}, {@code UNSUBSCRIBE}).
 * Generated from a seed, so a failing run can be repeated.
 */
final class SyntheticBinance
{
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    private static final long FRAME_NANOS = 1_000_000;
    private static final long FIRST_TRADE_ID = 1_000_000;
    private static final long FIRST_UPDATE_ID = 5_000_000;
    private static final int LEVELS = 20;
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final List<String> frames = new ArrayList<>();
    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final AtomicReference<FakeVenue> venue = new AtomicReference<>();

    /**
     * @param frames how many frames the script holds, one per millisecond of recorded time
     */
    SyntheticBinance(long seed, int frames)
    {
        Random random = new Random(seed);
        long startMillis = System.currentTimeMillis();
        long mid = 6_000_000;
        for (String symbol : SYMBOLS) {
            markets.put(symbol, new Market(symbol, mid, random));
            mid /= 20;
        }
        for (int frame = 0; frame < frames; frame++) {
            Market market = markets.get(SYMBOLS.get(random.nextInt(SYMBOLS.size())));
            long millis = startMillis + frame;
            this.frames.add(random.nextInt(100) < 45 ? market.trade(frame, millis, random) : market.diff(frame, millis, random));
        }
    }

    /**
     * @return the venue, not started, playing the script at its recorded pace or as fast as the
     *         client reads; a reconnect resumes where the stream was
     */
    FakeVenue.Builder venue(ReplaySpeed speed)
    {
        FakeVenue.Builder builder = FakeVenue.builder()
                .speed(speed)
                .playback(FakeVenue.Playback.RESUME)
                .restResponder(this::answerRest)
                .answerMessages(this::answerMessage);
        for (int frame = 0; frame < frames.size(); frame++) {
            builder.line(CaptureLine.recv((frame + 1) * FRAME_NANOS, 0, frames.get(frame)));
        }
        return builder;
    }

    /**
     * Starts the venue and answers its REST requests from what it plays.
     */
    FakeVenue start(ReplaySpeed speed)
            throws IOException
    {
        FakeVenue started = venue(speed).start();
        venue.set(started);
        return started;
    }

    /**
     * @return the symbol's book after the whole script, its best {@code depth} levels per side as
     *         {@code price x size} lines, bids best first, then asks best first
     */
    List<String> finalBook(String symbol, int depth)
    {
        return markets.get(symbol).finalBook(depth);
    }

    /**
     * @return every trade of the script as {@code SYMBOL:id}
     */
    Set<String> publishedTrades()
    {
        Set<String> trades = new LinkedHashSet<>();
        for (Market market : markets.values()) {
            for (SyntheticTrade trade : market.trades) {
                trades.add(market.symbol + ":" + trade.id);
            }
        }
        return trades;
    }

    int frames()
    {
        return frames.size();
    }

    /**
     * @return whether the script's frame is a trade or a depth diff of the symbol
     */
    static boolean isTrade(String frame)
    {
        return frame.contains("\"e\":\"trade\"");
    }

    static boolean isDiff(String frame)
    {
        return frame.contains("\"e\":\"depthUpdate\"");
    }

    private Optional<RestResponder.Reply> answerRest(String method, String target)
    {
        FakeVenue playing = venue.get();
        int query = target.indexOf('?');
        if (playing == null || query < 0) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : target.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        Market market = markets.get(parameters.get("symbol"));
        if (market == null) {
            return Optional.empty();
        }
        long published = playing.framesPlayed();
        String path = target.substring(0, query);
        if (path.equals("/api/v3/depth")) {
            return Optional.of(RestResponder.Reply.json(market.snapshot(published, Integer.parseInt(parameters.getOrDefault("limit", "100")))));
        }
        if (path.equals("/api/v3/historicalTrades")) {
            long fromId = Long.parseLong(parameters.get("fromId"));
            int limit = Integer.parseInt(parameters.getOrDefault("limit", "500"));
            return Optional.of(RestResponder.Reply.json(market.trades(published, fromId, limit)));
        }
        return Optional.empty();
    }

    private Optional<String> answerMessage(String message)
    {
        Matcher method = METHOD.matcher(message);
        Matcher id = ID.matcher(message);
        if (!method.find() || !id.find()) {
            return Optional.empty();
        }
        if (method.group(1).equals("LIST_SUBSCRIPTIONS")) {
            String streams = markets.keySet().stream()
                    .flatMap(symbol -> List.of(stream(symbol, "trade"), stream(symbol, "depth@100ms")).stream())
                    .map(stream -> "\"" + stream + "\"")
                    .collect(Collectors.joining(",", "[", "]"));
            return Optional.of("{\"result\":" + streams + ",\"id\":" + id.group(1) + "}");
        }
        return Optional.of("{\"result\":null,\"id\":" + id.group(1) + "}");
    }

    private static String stream(String symbol, String kind)
    {
        return symbol.toLowerCase(Locale.ROOT) + "@" + kind;
    }

    private static String price(long ticks)
    {
        return String.format(Locale.ROOT, "%d.%02d", ticks / 100, ticks % 100);
    }

    private static String size(long thousandths)
    {
        return String.format(Locale.ROOT, "%d.%03d", thousandths / 1000, thousandths % 1000);
    }

    private record SyntheticTrade(int frame, long id, long price, long size, long millis, boolean buyerMaker) {}

    /**
     * A diff: the levels it sets (size 0 removes), in price ticks and size thousandths.
     */
    private record SyntheticDiff(int frame, long first, long last, Map<Long, Long> bids, Map<Long, Long> asks) {}

    /**
     * One symbol's trades, diffs and book.
     */
    private static final class Market
    {
        private final String symbol;
        private final NavigableMap<Long, Long> initialBids = new TreeMap<>();
        private final NavigableMap<Long, Long> initialAsks = new TreeMap<>();
        private final NavigableMap<Long, Long> bids;
        private final NavigableMap<Long, Long> asks;
        private final List<SyntheticTrade> trades = new ArrayList<>();
        private final List<SyntheticDiff> diffs = new ArrayList<>();
        private long mid;
        private long nextTradeId = FIRST_TRADE_ID;
        private long nextUpdateId = FIRST_UPDATE_ID;

        Market(String symbol, long mid, Random random)
        {
            this.symbol = symbol;
            this.mid = mid;
            for (int level = 1; level <= LEVELS; level++) {
                initialBids.put(mid - level, 1 + (long) random.nextInt(5000));
                initialAsks.put(mid + level, 1 + (long) random.nextInt(5000));
            }
            this.bids = new TreeMap<>(initialBids);
            this.asks = new TreeMap<>(initialAsks);
        }

        String trade(int frame, long millis, Random random)
        {
            boolean buyerMaker = random.nextBoolean();
            long price = buyerMaker ? bids.isEmpty() ? mid - 1 : bids.lastKey() : asks.isEmpty() ? mid + 1 : asks.firstKey();
            SyntheticTrade trade = new SyntheticTrade(frame, nextTradeId++, price, 1 + random.nextInt(2000), millis, buyerMaker);
            trades.add(trade);
            return "{\"stream\":\"" + stream(symbol, "trade") + "\",\"data\":{\"e\":\"trade\",\"E\":" + millis + ",\"s\":\"" + symbol + "\",\"t\":" + trade.id
                    + ",\"p\":\"" + price(trade.price) + "\",\"q\":\"" + size(trade.size) + "\",\"T\":" + millis + ",\"m\":" + buyerMaker + ",\"M\":true}}";
        }

        String diff(int frame, long millis, Random random)
        {
            Map<Long, Long> bidChanges = new TreeMap<>();
            Map<Long, Long> askChanges = new TreeMap<>();
            mid += random.nextInt(3) - 1;
            // the mid moved: levels on its wrong side go, so the book never crosses
            bids.tailMap(mid, true).keySet().forEach(price -> bidChanges.put(price, 0L));
            asks.headMap(mid, true).keySet().forEach(price -> askChanges.put(price, 0L));
            for (int change = random.nextInt(3); change >= 0; change--) {
                bidChanges.put(mid - 1 - random.nextInt(LEVELS), random.nextInt(5) == 0 ? 0L : 1 + random.nextInt(5000));
                askChanges.put(mid + 1 + random.nextInt(LEVELS), random.nextInt(5) == 0 ? 0L : 1 + random.nextInt(5000));
            }
            apply(bids, bidChanges);
            apply(asks, askChanges);
            long first = nextUpdateId;
            long last = first + random.nextInt(3);
            nextUpdateId = last + 1;
            diffs.add(new SyntheticDiff(frame, first, last, bidChanges, askChanges));
            return "{\"stream\":\"" + stream(symbol, "depth@100ms") + "\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + millis + ",\"s\":\"" + symbol
                    + "\",\"U\":" + first + ",\"u\":" + last + ",\"b\":" + levels(bidChanges) + ",\"a\":" + levels(askChanges) + "}}";
        }

        /**
         * @return the REST snapshot of the book after every diff among the first {@code published} frames
         */
        String snapshot(long published, int limit)
        {
            NavigableMap<Long, Long> bookBids = new TreeMap<>(initialBids);
            NavigableMap<Long, Long> bookAsks = new TreeMap<>(initialAsks);
            long lastUpdateId = FIRST_UPDATE_ID - 1;
            for (SyntheticDiff diff : diffs) {
                if (diff.frame >= published) {
                    break;
                }
                apply(bookBids, diff.bids);
                apply(bookAsks, diff.asks);
                lastUpdateId = diff.last;
            }
            return "{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":" + levels(bookBids.descendingMap(), limit) + ",\"asks\":" + levels(bookAsks, limit) + "}";
        }

        List<String> finalBook(int depth)
        {
            NavigableMap<Long, Long> bookBids = new TreeMap<>(initialBids);
            NavigableMap<Long, Long> bookAsks = new TreeMap<>(initialAsks);
            for (SyntheticDiff diff : diffs) {
                apply(bookBids, diff.bids);
                apply(bookAsks, diff.asks);
            }
            List<String> lines = new ArrayList<>();
            bookBids.descendingMap().entrySet().stream().limit(depth).forEach(level -> lines.add("bid " + price(level.getKey()) + " x " + size(level.getValue())));
            bookAsks.entrySet().stream().limit(depth).forEach(level -> lines.add("ask " + price(level.getKey()) + " x " + size(level.getValue())));
            return lines;
        }

        /**
         * @return the {@code historicalTrades} answer: trades from {@code fromId} among the first {@code published} frames
         */
        String trades(long published, long fromId, int limit)
        {
            List<String> rows = new ArrayList<>();
            for (SyntheticTrade trade : trades) {
                if (trade.frame >= published || rows.size() == limit) {
                    break;
                }
                if (trade.id >= fromId) {
                    rows.add("{\"id\":" + trade.id + ",\"price\":\"" + price(trade.price) + "\",\"qty\":\"" + size(trade.size) + "\",\"quoteQty\":\"0\",\"time\":"
                            + trade.millis + ",\"isBuyerMaker\":" + trade.buyerMaker + ",\"isBestMatch\":true}");
                }
            }
            return rows.stream().collect(Collectors.joining(",", "[", "]"));
        }

        private static void apply(NavigableMap<Long, Long> side, Map<Long, Long> changes)
        {
            changes.forEach((price, size) -> {
                if (size == 0) {
                    side.remove(price);
                }
                else {
                    side.put(price, size);
                }
            });
        }

        private static String levels(Map<Long, Long> levels)
        {
            return levels(levels, Integer.MAX_VALUE);
        }

        private static String levels(Map<Long, Long> levels, int limit)
        {
            return levels.entrySet().stream()
                    .limit(limit)
                    .map(level -> "[\"" + price(level.getKey()) + "\",\"" + size(level.getValue()) + "\"]")
                    .collect(Collectors.joining(",", "[", "]"));
        }
    }
}
