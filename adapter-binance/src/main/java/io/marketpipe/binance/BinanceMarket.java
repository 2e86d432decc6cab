package io.marketpipe.binance;

import io.marketpipe.api.model.CandleInterval;

import java.util.Locale;
import java.util.Set;

/**
 * The three Binance segments this adapter speaks: their REST paths and request weights, and which
 * of Binance's two diff-depth sequence rules applies. The defaults declare each one's production
 * endpoints under {@code production-endpoints.<spot|usdm|coinm>}.
 */
enum BinanceMarket
{
    SPOT("/api/v3", 5000),
    USDM("/fapi/v1", 1000),
    COINM("/dapi/v1", 1000);

    private static final Set<Integer> FUTURES_DEPTH_LIMITS = Set.of(5, 10, 20, 50, 100, 500, 1000);
    private static final Set<String> SPOT_INTERVALS = Set.of("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M");

    private final String restPrefix;
    private final int maxBookDepth;

    BinanceMarket(String restPrefix, int maxBookDepth)
    {
        this.restPrefix = restPrefix;
        this.maxBookDepth = maxBookDepth;
    }

    /**
     * @throws IllegalArgumentException listing the valid names
     */
    static BinanceMarket fromConfigName(String name)
    {
        for (BinanceMarket market : values()) {
            if (market.configName().equalsIgnoreCase(name)) {
                return market;
            }
        }
        throw new IllegalArgumentException("unknown market \"" + name + "\"; expected spot, usdm or coinm");
    }

    String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isFutures()
    {
        return this != SPOT;
    }

    /**
     * @param endpoint e.g. {@code depth}
     * @return the path below the REST base, e.g. {@code /api/v3/depth}
     */
    String restPath(String endpoint)
    {
        return restPrefix + "/" + endpoint;
    }

    /**
     * @return null when Binance serves snapshots of {@code limit} levels, else why not
     */
    String checkBookDepth(int limit)
    {
        if (limit < 1 || limit > maxBookDepth) {
            return "must be between 1 and " + maxBookDepth + " on " + configName();
        }
        if (isFutures() && !FUTURES_DEPTH_LIMITS.contains(limit)) {
            return "must be one of 5, 10, 20, 50, 100, 500, 1000 on " + configName();
        }
        return null;
    }

    boolean offersInterval(CandleInterval interval)
    {
        return SPOT_INTERVALS.contains(interval.label()) && (!isFutures() || !interval.label().equals("1s"));
    }

    /**
     * @return the diff stream suffix for an update speed, or null when the market has no such speed
     */
    String depthStream(long speedMillis)
    {
        if (!isFutures()) {
            if (speedMillis == 1000) {
                return "depth";
            }
            return speedMillis == 100 ? "depth@100ms" : null;
        }
        if (speedMillis == 250) {
            return "depth";
        }
        return speedMillis == 0 || speedMillis == 100 || speedMillis == 500 ? "depth@" + speedMillis + "ms" : null;
    }

    int depthWeight(int limit)
    {
        if (isFutures()) {
            if (limit <= 50) {
                return 2;
            }
            if (limit <= 100) {
                return 5;
            }
            return limit <= 500 ? 10 : 20;
        }
        if (limit <= 100) {
            return 5;
        }
        if (limit <= 500) {
            return 25;
        }
        return limit <= 1000 ? 50 : 250;
    }

    int klinesWeight(int limit)
    {
        if (!isFutures()) {
            return 2;
        }
        if (limit < 100) {
            return 1;
        }
        if (limit < 500) {
            return 2;
        }
        return limit <= 1000 ? 5 : 10;
    }

    int recentTradesWeight()
    {
        return isFutures() ? 5 : 25;
    }

    /**
     * @return the weight of {@code historicalTrades}; on futures the endpoint also needs an API key
     */
    int historicalTradesWeight()
    {
        return isFutures() ? 20 : 25;
    }

    int aggTradesWeight()
    {
        return isFutures() ? 20 : 4;
    }

    int exchangeInfoWeight()
    {
        return isFutures() ? 1 : 20;
    }
}
