package io.marketpipe.http;

import io.marketpipe.api.model.Trade;
import io.marketpipe.core.capture.ReplaySpeed;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard rendered by a real headless Chromium against a running pipeline fed by a fake
 * Binance venue at a live pace: the page shows the instrument and live prices. Skipped when no
 * {@code chromium} is installed, except under CI, where that fails.
 */
class DashboardTest
{
    private static final Pattern CELL = Pattern.compile("<td[^>]* id=\"(bid|ask|last)-binance-spot\"[^>]*>([^<]*)</td>");

    @Test
    void dashboardShowsLivePricesOfTheInstrument()
            throws Exception
    {
        Path chromium = chromium();
        // 50 trades a second, each with a book ticker, and a depth diff every other trade
        try (PipelineSession session = new PipelineSession(new FakeBinanceMarket(7, 30_000, System.currentTimeMillis(), 20), ReplaySpeed.RECORDED,
                "trades, quotes, book", "marketpipe.aggregation.enabled = true\nmarketpipe.candles.intervals = [5s, 1m]\n")) {
            session.pipe.start();
            session.await("trades are flowing", () -> session.count("trade") >= 20);

            try (HeadlessChromium browser = new HeadlessChromium(chromium, 1240, 900)) {
                browser.open(session.url("/?interval=5s").toString());
                // the page fills in as the stream and the first polls answer
                String[] dom = new String[1];
                session.await("the dashboard shows live prices", () -> {
                    dom[0] = domOf(browser);
                    return CELL.matcher(dom[0]).results().filter(cell -> cell.group(2).matches("\\d+\\.\\d+")).count() == 3 && dom[0].contains("class=\"connected\">connected");
                });

                assertTrue(dom[0].contains("<option value=\"BTC/USDT\">BTC/USDT</option>"), dom[0]);
                List<String> cells = new ArrayList<>();
                Matcher matcher = CELL.matcher(dom[0]);
                while (matcher.find()) {
                    cells.add(matcher.group(1) + "=" + matcher.group(2));
                }
                assertEquals(3, cells.size(), "bid, ask and last trade of binance:spot in " + dom[0]);
                for (String cell : cells) {
                    assertTrue(cell.matches("(bid|ask|last)=\\d+\\.\\d+"), "a live price: " + cell);
                }
                Set<String> published = session.events("trade").stream().map(event -> ((Trade) event).price().toString()).collect(Collectors.toSet());
                String last = cells.get(2).substring("last=".length());
                assertTrue(published.contains(last), "the last trade shown, " + last + ", is one the venue published");
                assertTrue(dom[0].contains("id=\"stream-state\" class=\"badge healthy\""), "the stream is live");

                Optional<String> screenshot = Optional.ofNullable(System.getProperty("dashboard.screenshot"));
                if (screenshot.isPresent()) {
                    browser.screenshot(Path.of(screenshot.get()).toAbsolutePath());
                }
            }
        }
    }

    private static String domOf(HeadlessChromium browser)
    {
        try {
            return browser.dom();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path chromium()
    {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        if (System.getenv("CI") != null) {
            fail("chromium is not installed; .ci/run installs it (apt-get install -y chromium)");
        }
        Assumptions.abort("chromium is not installed (apt-get install -y chromium); the dashboard test is skipped");
        throw new IllegalStateException();
    }
}
