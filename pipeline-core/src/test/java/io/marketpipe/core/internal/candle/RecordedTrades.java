package io.marketpipe.core.internal.candle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trades of a recorded Binance spot capture, read straight from its {@code <symbol>@trade}
 * frames, so candle and indicator tests do not depend on the Binance adapter.
 */
public final class RecordedTrades
{
    public static final String BTCUSDT_CAPTURE = "binance/spot-btcusdt-20240808.jsonl.gz";
    public static final Instrument BTCUSDT = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedTrades() {}

    /**
     * @return the BTCUSDT trades of {@link #BTCUSDT_CAPTURE} in receive order, skipping the test when the capture is absent
     */
    public static List<Trade> btcusdt()
            throws IOException
    {
        Path capture = SharedCaptures.require(BTCUSDT_CAPTURE);
        List<Trade> trades = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() != CaptureLine.Kind.RECV || !line.data().contains("@trade\"")) {
                    continue;
                }
                JsonNode trade = JSON.readTree(line.data()).get("data");
                // m: the buyer is the maker, so the seller was the aggressor
                Side side = trade.get("m").asBoolean() ? Side.SELL : Side.BUY;
                trades.add(new Trade(BTCUSDT, trade.get("T").asLong() * 1_000_000L, line.ts(), trade.get("t").asText(),
                        Decimal.parse(trade.get("p").asText()), Decimal.parse(trade.get("q").asText()), side, false));
            }
        }
        return trades;
    }
}
