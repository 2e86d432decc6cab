package io.marketpipe.launcher;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.json.EventJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads candles, trades or funding rates back from the first configured store that answers
 * queries, or from the SQLite database {@code run} writes by default, and prints them as a table,
 * CSV or the canonical JSON lines of {@code replay --emit jsonl}.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {
                "Print stored candles, trades or funding rates of one instrument, oldest first.",
                "Reads the first configured store that answers queries; without configured stores, the SQLite database 'run' writes."})
final class QueryCommand
        extends LauncherCommand
{
    // a query needs the stores only: no connector or enricher is created
    private static final String STORES_ONLY = "marketpipe { connectors = [], enrichers = [] }";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "WHAT", description = "What to print: ${COMPLETION-CANDIDATES}")
    What what;

    @Option(names = {"-e", "--exchange"}, required = true, description = "The venue, e.g. binance")
    String exchange;

    @Option(names = {"-s", "--symbol"}, required = true, description = "Canonical (BTC/USDT, BTC/USDT:USDT) or native (BTCUSDT) symbol")
    String symbol;

    @Option(names = {"-m", "--market"}, description = "The venue segment, e.g. spot or usdm (default: every market)")
    String market;

    @Option(names = {"-i", "--interval"}, description = "Candle interval, e.g. 1m or 1h (default: every interval)")
    String interval;

    @Option(names = "--from", converter = TimeConverter.class, paramLabel = "T",
            description = "Inclusive start: ISO-8601 instant (2024-08-08T23:54:13Z), date (UTC) or epoch ms (default: the beginning)")
    Long from;

    @Option(names = "--to", converter = TimeConverter.class, paramLabel = "T",
            description = "Exclusive end, like --from (default: no end)")
    Long to;

    @Option(names = {"-n", "--limit"}, defaultValue = "1000", description = "At most this many rows, the oldest in the range (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (default: conf/application.conf of the installation)")
    Path config;

    enum What { candles, trades, funding, dividends, splits }

    enum Format { table, csv, jsonl }

    @Override
    public Integer call()
            throws IOException
    {
        StoreQuery query = query();
        try (MarketPipe pipe = Home.builder(Home.configOrDefault(config)).defaultStore(Home.DEFAULT_STORE).config(STORES_ONLY).readOnlyStores().build()) {
            Optional<StoreQueries> queries = pipe.queries();
            if (queries.isEmpty()) {
                List<String> types = pipe.storeTypes();
                err().println("error: none of the configured stores (" + String.join(", ", types) + ") answers queries");
                return 1;
            }
            // one row more than the limit tells whether the range holds more
            StoreQuery probe = limit == Integer.MAX_VALUE ? query
                    : new StoreQuery(query.venue(), query.market(), query.symbol(), query.interval(), query.fromMillis(), query.toMillis(), limit + 1);
            List<? extends MarketEvent> events;
            try {
                events = switch (what) {
                    case candles -> queries.get().candles(probe);
                    case trades -> queries.get().trades(probe);
                    case funding -> queries.get().funding(probe);
                    case dividends -> queries.get().dividends(probe);
                    case splits -> queries.get().splits(probe);
                };
            }
            catch (UnsupportedOperationException e) {
                err().println("error: " + e.getMessage());
                return 1;
            }
            MarketEvent next = null;
            if (events.size() > limit) {
                next = events.get(limit);
                events = events.subList(0, limit);
            }
            print(events);
            if (next != null) {
                err().println("showing the first " + limit + " " + what + " of the range (--limit); more follow: continue with --from "
                        + TIME.format(Instant.ofEpochMilli(time(next))));
            }
            if (events.isEmpty()) {
                err().println("no " + what + " stored for " + exchange + (market == null ? "" : " " + market) + " " + symbol
                        + (query.interval() == null ? "" : " " + query.interval()) + " in the range");
            }
        }
        return 0;
    }

    private StoreQuery query()
    {
        if (limit < 1) {
            throw usageError("--limit must be at least 1, got " + limit);
        }
        CandleInterval candleInterval = null;
        if (interval != null) {
            if (what != What.candles) {
                throw usageError("--interval applies to candles only");
            }
            try {
                candleInterval = CandleInterval.parse(interval);
            }
            catch (IllegalArgumentException e) {
                throw usageError("--interval: " + e.getMessage());
            }
        }
        long fromMillis = from == null ? 0 : from;
        long toMillis = to == null ? Long.MAX_VALUE : to;
        if (toMillis < fromMillis) {
            throw usageError("--to " + TIME.format(Instant.ofEpochMilli(toMillis)) + " is before --from " + TIME.format(Instant.ofEpochMilli(fromMillis)));
        }
        // canonical symbols are upper case (BTC/USDT), as the configuration's are once read
        return new StoreQuery(exchange, market, symbol.toUpperCase(Locale.ROOT), candleInterval, fromMillis, toMillis, limit);
    }

    private void print(List<? extends MarketEvent> events)
            throws IOException
    {
        PrintWriter out = out();
        if (format == Format.jsonl) {
            for (MarketEvent event : events) {
                EventJson.write(event, out);
                out.println();
            }
            out.flush();
            return;
        }
        List<String> header = columns();
        List<List<String>> rows = new ArrayList<>(events.size());
        for (MarketEvent event : events) {
            rows.add(cells(event));
        }
        if (format == Format.csv) {
            printCsv(out, header, rows);
        }
        else if (!rows.isEmpty()) {
            printTable(out, header, rows);
        }
        out.flush();
    }

    private List<String> columns()
    {
        return switch (what) {
            case trades -> List.of("time", "exchange", "market", "symbol", "id", "side", "price", "size");
            case candles -> List.of("start", "exchange", "market", "symbol", "interval", "source", "open", "high", "low", "close", "volume", "trades", "vwap", "final", "revision");
            case funding -> List.of("time", "exchange", "market", "symbol", "rate", "mark_price", "index_price", "next_funding");
            case dividends -> List.of("date", "exchange", "market", "symbol", "amount", "currency");
            case splits -> List.of("date", "exchange", "market", "symbol", "numerator", "denominator");
        };
    }

    private static long time(MarketEvent event)
    {
        return event instanceof Candle candle ? candle.openTimeMillis() : event.timestampMillis();
    }

    private static List<String> cells(MarketEvent event)
    {
        List<String> cells = new ArrayList<>();
        cells.add(TIME.format(Instant.ofEpochMilli(time(event))));
        cells.add(event.instrument().venue());
        cells.add(event.instrument().market());
        cells.add(event.instrument().symbol());
        if (event instanceof Trade trade) {
            cells.addAll(List.of(trade.tradeId(), trade.side().wireName(), text(trade.price()), text(trade.size())));
        }
        else if (event instanceof Candle candle) {
            cells.addAll(List.of(candle.interval().label(), candle.source().wireName(),
                    text(candle.open()), text(candle.high()), text(candle.low()), text(candle.close()), text(candle.volume()),
                    candle.tradeCount() < 0 ? "" : Long.toString(candle.tradeCount()), text(candle.vwap()),
                    Boolean.toString(candle.closed()), Integer.toString(candle.revision())));
        }
        else if (event instanceof FundingRate funding) {
            cells.addAll(List.of(text(funding.rate()), text(funding.markPrice()), text(funding.indexPrice()),
                    funding.nextFundingMillis() > 0 ? TIME.format(Instant.ofEpochMilli(funding.nextFundingMillis())) : ""));
        }
        else if (event instanceof Dividend dividend) {
            cells.addAll(List.of(text(dividend.amount()), dividend.currency() == null ? "" : dividend.currency()));
        }
        else if (event instanceof Split split) {
            cells.addAll(List.of(text(split.numerator()), text(split.denominator())));
        }
        return cells;
    }

    private static String text(Decimal value)
    {
        return value == null ? "" : value.toString();
    }

    private static void printTable(PrintWriter out, List<String> header, List<List<String>> rows)
    {
        Set<String> numeric = Set.of("price", "size", "open", "high", "low", "close", "volume", "trades", "vwap", "revision", "rate", "mark_price", "index_price");
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = line.get(i);
                String padding = " ".repeat(widths[i] - cell.length());
                if (i > 0) {
                    text.append("  ");
                }
                text.append(numeric.contains(header.get(i)) ? padding + cell : cell + padding);
            }
            out.println(text.toString().stripTrailing());
        }
    }

    private static void printCsv(PrintWriter out, List<String> header, List<List<String>> rows)
    {
        out.println(String.join(",", header));
        for (List<String> row : rows) {
            out.println(String.join(",", row.stream().map(QueryCommand::csvField).toList()));
        }
    }

    private static String csvField(String value)
    {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
