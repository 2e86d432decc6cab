package io.marketpipe.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.core.PipelineParts;
import io.marketpipe.store.sqlite.SqlitePlugin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sustained rows per second into the SQLite store: each operation writes 10,000 new trades of
 * ten instruments and waits until they are committed, so the score counts rows on disk (in the
 * WAL), not rows buffered. The database grows through the run, as it does when collecting.
 * {@code synchronous = full} adds an fsync per commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class SqliteStoreBenchmark
{
    private static final int ROWS = 10_000;
    private static final String[] BASES = {"BTC", "ETH", "SOL", "XRP", "ADA", "DOGE", "BNB", "TRX", "LINK", "DOT"};

    @Param({"normal", "full"})
    public String synchronous;

    private final List<Instrument> instruments = new ArrayList<>();
    private Path directory;
    private Store store;
    private long nextId;
    private long nextMillis = 1_723_161_253_000L;

    @Setup(Level.Trial)
    public void setUp()
            throws IOException
    {
        for (String base : BASES) {
            instruments.add(Instrument.spot("binance", base + "USDT", base, "USDT"));
        }
        directory = Files.createTempDirectory("marketpipe-sqlite-benchmark");
        Config defaults = ConfigFactory.parseResources(SqlitePlugin.class.getClassLoader(), "reference.conf").getConfig("marketpipe.defaults.store.sqlite");
        Config block = ConfigFactory.parseString("type = sqlite, path = \"" + directory.resolve("bench.db") + "\", synchronous = " + synchronous);
        StoreFactory factory = new SqlitePlugin().storeFactories().get(0);
        store = factory.create(PipelineParts.pluginConfig("benchmark", block, defaults), () -> "benchmark");
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void writeAndCommitTrades()
            throws IOException
    {
        List<MarketEvent> batch = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            long millis = nextMillis + i / 10;
            Instrument instrument = instruments.get(i % instruments.size());
            batch.add(new Trade(instrument, millis * 1_000_000, millis * 1_000_000 + 250_000, Long.toString(nextId++),
                    Decimal.of(6_183_763 + i % 100, 2), Decimal.of(120 + i % 7, 5), (i & 1) == 0 ? Side.BUY : Side.SELL, false));
        }
        nextMillis += ROWS / 10;
        store.write(batch);
        store.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown()
            throws IOException
    {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
