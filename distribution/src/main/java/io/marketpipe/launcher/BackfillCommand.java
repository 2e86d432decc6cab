package io.marketpipe.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.RunningConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads a venue's candle history over REST into the configured stores.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {
                "Download venue candle history over REST into the configured stores (SQLite by default).",
                "Resumable: candles already stored are not fetched again. Requests stay within the venue's rate limit."})
final class BackfillCommand
        extends LauncherCommand
{
    @Option(names = {"-e", "--exchange"}, required = true, description = "The venue's connector type, e.g. binance")
    String exchange;

    @Option(names = {"-m", "--market"}, defaultValue = "spot", description = "The venue segment, e.g. spot, usdm, coinm (default: ${DEFAULT-VALUE})")
    String market;

    @Option(names = {"-s", "--symbol"}, required = true, description = "Canonical (BTC/USDT, BTC/USDT:USDT) or native (BTCUSDT) symbol")
    String symbol;

    @Option(names = {"-i", "--interval"}, defaultValue = "1h", description = "Candle interval, e.g. 1m, 1h, 1d (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = {"-d", "--days"}, defaultValue = "30", description = "How far back from now (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--to", converter = TimeConverter.class, paramLabel = "T",
            description = "Exclusive end instead of now: ISO-8601 instant, date (UTC) or epoch ms")
    Long to;

    @Option(names = {"-c", "--config"}, description = "HOCON configuration file: stores, and connector settings such as rest-url (default: conf/application.conf of the installation)")
    Path config;

    @Override
    public Integer call()
            throws IOException
    {
        CandleInterval candleInterval = parseInterval();
        if (days < 1) {
            throw usageError("--days must be at least 1, got " + days);
        }
        long end = to != null ? to : System.currentTimeMillis();
        long start = end - Duration.ofDays(days).toMillis();
        PrintWriter err = err();
        try (MarketPipe pipe = Home.builder(Home.configOrDefault(config))
                .defaultStore(Home.DEFAULT_STORE)
                .config(connectorOnly())
                .build()) {
            pipe.startConsumers();
            RunningConnector connector = pipe.connectors().get(0);
            Progress progress = new Progress(err, symbol + " " + candleInterval.label());
            MarketPipe.BackfillResult result = pipe.backfillCandles(connector.name(), symbol, candleInterval, start, end, progress);
            progress.finish(result);
        }
        catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private CandleInterval parseInterval()
    {
        try {
            return CandleInterval.parse(interval);
        }
        catch (IllegalArgumentException e) {
            throw usageError("--interval: " + e.getMessage());
        }
    }

    /**
     * Replaces the configured connectors with one for the backfill's venue, market and symbol,
     * keeping the settings of a configured connector of that type and market (its rest-url, say).
     */
    private String connectorOnly()
    {
        String settings = "";
        Optional<Path> file = Home.configOrDefault(config);
        if (file.isPresent() && Files.isRegularFile(file.get())) {
            Config user = ConfigFactory.parseFile(file.get().toFile()).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
            List<? extends Config> blocks = user.hasPath("marketpipe.connectors") ? user.getConfigList("marketpipe.connectors") : List.of();
            for (Config block : blocks) {
                if (block.getString("type").equals(exchange) && market.equals(block.hasPath("market") ? block.getString("market") : market)) {
                    String rendered = block.withoutPath("symbols").withoutPath("channels").withoutPath("name").withoutPath("type").withoutPath("market")
                            .root().render(ConfigRenderOptions.concise());
                    settings = rendered.substring(1, rendered.length() - 1);
                    break;
                }
            }
        }
        return "marketpipe.connectors = [{ type = " + quote(exchange) + ", market = " + quote(market) + ", symbols = [" + quote(symbol) + "]"
                + (settings.isEmpty() ? "" : ", " + settings) + " }]\nmarketpipe.enrichers = []\nmarketpipe.metrics.log-interval = 0\n";
    }

    private static String quote(String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * One progress line on stderr, rewritten in place on a terminal.
     */
    private static final class Progress
            implements MarketPipe.BackfillProgress
    {
        private final PrintWriter err;
        private final String what;
        private final boolean terminal = System.console() != null;

        Progress(PrintWriter err, String what)
        {
            this.err = err;
            this.what = what;
        }

        @Override
        public void onProgress(long written, long missing)
        {
            int width = 30;
            int filled = missing == 0 ? width : (int) (width * written / missing);
            String bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
            String line = String.format(Locale.ROOT, "backfill %s %s %d/%d candles", what, bar, written, missing);
            err.print(terminal ? "\r" + line : line + System.lineSeparator());
            err.flush();
        }

        void finish(MarketPipe.BackfillResult result)
        {
            if (terminal) {
                err.println();
            }
            err.printf(Locale.ROOT, "backfill %s done: %d candles written, %d were missing, %d requests%n", what, result.written(), result.missing(), result.requests());
            err.flush();
        }
    }
}
