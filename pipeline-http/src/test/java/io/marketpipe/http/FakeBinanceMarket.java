package io.marketpipe.http;

import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.venue.FakeVenue;
import io.marketpipe.testkit.venue.RestResponder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Binance spot market for BTC/USDT played by a {@link FakeVenue}: trades, book tickers and depth
 * diffs of a book whose mid wanders (never crossing), and the REST depth snapshot as of the frames
 * played so far. Generated from a seed.
 */
final class FakeBinanceMarket
{
    private static final long FIRST_UPDATE_ID = 1_000;
    private static final int LEVELS = 10;
    private static final long TICK = 50;

    private final List<String> frames = new ArrayList<>();
    private final List<Long> frameNanos = new ArrayList<>();
    private final List<Diff> diffs = new ArrayList<>();
    private final NavigableMap<Long, Long> initialBids = new TreeMap<>();
    private final NavigableMap<Long, Long> initialAsks = new TreeMap<>();
    private final AtomicReference<FakeVenue> venue = new AtomicReference<>();
    private final NavigableMap<Long, Long> bids = new TreeMap<>();
    private final NavigableMap<Long, Long> asks = new TreeMap<>();
    private int trades;
    private int quotes;
    private String lastTradePrice;

    /**
     * @param trades how many trade frames; each is followed by a book ticker and, every other
     *        time, a depth diff
     */
    private static final long FIRST_QUOTE_ID = 900_000_000L;

    FakeBinanceMarket(long seed, int trades)
    {
        this(seed, trades, System.currentTimeMillis() - trades, 1);
    }

    /**
     * @param startMillis the venue time of the first trade
     * @param spacingMillis venue (and recorded) time between trades
     */
    FakeBinanceMarket(long seed, int trades, long startMillis, int spacingMillis)
    {
        Random random = new Random(seed);
        long mid = 6_000_000;
        long updateId = FIRST_UPDATE_ID;
        long tradeId = 100_000;
        long millis = startMillis;
        for (int level = 1; level <= LEVELS; level++) {
            bids.put(mid - level * TICK, 1000L + random.nextInt(50_000));
            asks.put(mid + level * TICK, 1000L + random.nextInt(50_000));
        }
        initialBids.putAll(bids);
        initialAsks.putAll(asks);
        for (int i = 0; i < trades; i++) {
            millis += spacingMillis;
            boolean buyerMaker = random.nextBoolean();
            long price = buyerMaker ? bids.lastKey() : asks.firstKey();
            lastTradePrice = price(price);
            frames.add("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":" + millis + ",\"s\":\"BTCUSDT\",\"t\":" + (tradeId++)
                    + ",\"p\":\"" + lastTradePrice + "\",\"q\":\"0.0" + (1 + random.nextInt(900)) + "\",\"T\":" + millis + ",\"m\":" + buyerMaker + ",\"M\":true}}");
            this.trades++;
            frameNanos.add(millis * 1_000_000L);
            // every bookTicker Binance sends carries an update id of its own; a repeated one is a duplicate frame
            frames.add("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + (FIRST_QUOTE_ID + i) + ",\"s\":\"BTCUSDT\",\"b\":\"" + price(bids.lastKey()) + "\",\"B\":\"" + size(bids.lastEntry().getValue())
                    + "\",\"a\":\"" + price(asks.firstKey()) + "\",\"A\":\"" + size(asks.firstEntry().getValue()) + "\"}}");
            quotes++;
            frameNanos.add(millis * 1_000_000L + 1000);
            if (i % 2 == 1) {
                mid += (random.nextInt(3) - 1) * TICK;
                Map<Long, Long> bidChanges = new TreeMap<>();
                Map<Long, Long> askChanges = new TreeMap<>();
                for (long price2 : bids.keySet()) {
                    if (price2 >= mid || price2 < mid - LEVELS * TICK) {
                        bidChanges.put(price2, 0L);
                    }
                }
                for (long price2 : asks.keySet()) {
                    if (price2 <= mid || price2 > mid + LEVELS * TICK) {
                        askChanges.put(price2, 0L);
                    }
                }
                for (int level = 1; level <= LEVELS; level++) {
                    if (!bids.containsKey(mid - level * TICK) || random.nextInt(4) == 0) {
                        bidChanges.put(mid - level * TICK, 1000L + random.nextInt(50_000));
                    }
                    if (!asks.containsKey(mid + level * TICK) || random.nextInt(4) == 0) {
                        askChanges.put(mid + level * TICK, 1000L + random.nextInt(50_000));
                    }
                }
                apply(bids, bidChanges);
                apply(asks, askChanges);
                frames.add("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + millis + ",\"s\":\"BTCUSDT\",\"U\":" + updateId + ",\"u\":" + updateId
                        + ",\"b\":" + levels(bidChanges) + ",\"a\":" + levels(askChanges) + "}}");
                frameNanos.add(millis * 1_000_000L + 2000);
                diffs.add(new Diff(frames.size(), updateId, bidChanges, askChanges));
                updateId++;
            }
        }
    }

    FakeVenue start(ReplaySpeed speed)
            throws IOException
    {
        FakeVenue.Builder builder = FakeVenue.builder()
                .speed(speed)
                .playback(FakeVenue.Playback.RESUME)
                .restResponder(this::answer);
        for (int i = 0; i < frames.size(); i++) {
            builder.line(CaptureLine.recv(frameNanos.get(i), 0, frames.get(i)));
        }
        FakeVenue started = builder.start();
        venue.set(started);
        return started;
    }

    int trades()
    {
        return trades;
    }

    int quotes()
    {
        return quotes;
    }

    String lastTradePrice()
    {
        return lastTradePrice;
    }

    /**
     * @return the connector block for a Binance spot connector on this venue
     */
    static String connector(FakeVenue venue, String channels)
    {
        return "{ type = binance, name = binance-spot, market = spot, symbols = [BTC/USDT], channels = [" + channels + "], "
                + "ws-url = \"" + venue.wsUrl() + "\", rest-url = \"" + venue.restUrl() + "\", exchange-info = false }";
    }

    private Optional<RestResponder.Reply> answer(String method, String target)
    {
        if (!target.startsWith("/api/v3/depth")) {
            return Optional.empty();
        }
        long played = venue.get() == null ? 0 : venue.get().framesPlayed();
        NavigableMap<Long, Long> bookBids = new TreeMap<>(initialBids);
        NavigableMap<Long, Long> bookAsks = new TreeMap<>(initialAsks);
        long lastUpdateId = FIRST_UPDATE_ID - 1;
        for (Diff diff : diffs) {
            if (diff.frames > played) {
                break;
            }
            apply(bookBids, diff.bids);
            apply(bookAsks, diff.asks);
            lastUpdateId = diff.updateId;
        }
        return Optional.of(RestResponder.Reply.json("{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":" + levels(bookBids.descendingMap()) + ",\"asks\":" + levels(bookAsks) + "}"));
    }

    private static void apply(NavigableMap<Long, Long> side, Map<Long, Long> changes)
    {
        side.putAll(changes);
        side.values().removeIf(size -> size == 0);
    }

    private static String levels(Map<Long, Long> levels)
    {
        StringBuilder out = new StringBuilder("[");
        levels.forEach((price, size) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("[\"").append(price(price)).append("\",\"").append(size(size)).append("\"]");
        });
        return out.append(']').toString();
    }

    private static String price(long cents)
    {
        long fraction = cents % 100;
        return (cents / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private static String size(long tenThousandths)
    {
        String fraction = Long.toString(10_000 + tenThousandths % 10_000).substring(1);
        return (tenThousandths / 10_000) + "." + fraction;
    }

    private record Diff(int frames, long updateId, Map<Long, Long> bids, Map<Long, Long> asks) {}
}
