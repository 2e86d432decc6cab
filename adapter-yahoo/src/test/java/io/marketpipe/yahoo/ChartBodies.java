package io.marketpipe.yahoo;

import java.util.ArrayList;
import java.util.List;

/**
 * Chart API bodies shaped like Yahoo's, for tests: {@code meta}, {@code timestamp},
 * {@code indicators.quote[0]} and optional {@code events} and {@code tradingPeriods}.
 */
final class ChartBodies
{
    private final String symbol;
    private final String granularity;
    private final List<String> bars = new ArrayList<>();
    private String price = "189.5";
    private long marketTime = 1_700_000_000L;
    private long sessionStart = 1_699_972_200L;
    private long sessionEnd = 1_699_995_600L;
    private String tradingPeriods;
    private String events;

    private ChartBodies(String symbol, String granularity)
    {
        this.symbol = symbol;
        this.granularity = granularity;
    }

    static ChartBodies chart(String symbol, String granularity)
    {
        return new ChartBodies(symbol, granularity);
    }

    /**
     * Adds a bar; prices are JSON number text or {@code null}.
     */
    ChartBodies bar(long time, String open, String high, String low, String close, String volume)
    {
        bars.add(time + "|" + open + "|" + high + "|" + low + "|" + close + "|" + volume);
        return this;
    }

    ChartBodies quote(String price, long marketTime)
    {
        this.price = price;
        this.marketTime = marketTime;
        return this;
    }

    ChartBodies session(long start, long end)
    {
        this.sessionStart = start;
        this.sessionEnd = end;
        return this;
    }

    ChartBodies tradingPeriods(String json)
    {
        this.tradingPeriods = json;
        return this;
    }

    ChartBodies events(String json)
    {
        this.events = json;
        return this;
    }

    String json()
    {
        StringBuilder body = new StringBuilder("{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":\"").append(symbol)
                .append("\",\"exchangeName\":\"NMS\",\"instrumentType\":\"EQUITY\",\"regularMarketTime\":").append(marketTime)
                .append(",\"gmtoffset\":-18000,\"timezone\":\"EST\",\"exchangeTimezoneName\":\"America/New_York\",\"regularMarketPrice\":").append(price)
                .append(",\"regularMarketDayHigh\":190.25,\"regularMarketDayLow\":187.0,\"regularMarketVolume\":45123456,\"chartPreviousClose\":188.01,\"previousClose\":188.01")
                .append(",\"currentTradingPeriod\":{\"pre\":{\"timezone\":\"EST\",\"start\":").append(sessionStart - 19800).append(",\"end\":").append(sessionStart)
                .append(",\"gmtoffset\":-18000},\"regular\":{\"timezone\":\"EST\",\"start\":").append(sessionStart).append(",\"end\":").append(sessionEnd)
                .append(",\"gmtoffset\":-18000},\"post\":{\"timezone\":\"EST\",\"start\":").append(sessionEnd).append(",\"end\":").append(sessionEnd + 14400)
                .append(",\"gmtoffset\":-18000}}");
        if (tradingPeriods != null) {
            body.append(",\"tradingPeriods\":").append(tradingPeriods);
        }
        body.append(",\"dataGranularity\":\"").append(granularity).append("\",\"range\":\"1d\"}");
        if (!bars.isEmpty()) {
            List<String> times = new ArrayList<>();
            List<List<String>> columns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (String bar : bars) {
                String[] fields = bar.split("\\|");
                times.add(fields[0]);
                for (int i = 0; i < 5; i++) {
                    columns.get(i).add(fields[i + 1]);
                }
            }
            body.append(",\"timestamp\":[").append(String.join(",", times)).append("]");
            if (events != null) {
                body.append(",\"events\":").append(events);
            }
            body.append(",\"indicators\":{\"quote\":[{\"open\":[").append(String.join(",", columns.get(0)))
                    .append("],\"high\":[").append(String.join(",", columns.get(1)))
                    .append("],\"low\":[").append(String.join(",", columns.get(2)))
                    .append("],\"close\":[").append(String.join(",", columns.get(3)))
                    .append("],\"volume\":[").append(String.join(",", columns.get(4)))
                    .append("]}]}");
        }
        else {
            if (events != null) {
                body.append(",\"events\":").append(events);
            }
            body.append(",\"indicators\":{\"quote\":[{}]}");
        }
        return body.append("}],\"error\":null}}").toString();
    }

    /**
     * @return Yahoo's error body
     */
    static String error(String code, String description)
    {
        return "{\"chart\":{\"result\":null,\"error\":{\"code\":\"" + code + "\",\"description\":\"" + description + "\"}}}";
    }
}
