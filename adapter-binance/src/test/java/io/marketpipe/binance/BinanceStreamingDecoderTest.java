package io.marketpipe.binance;

import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import io.marketpipe.toolkit.DecodeException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinanceStreamingDecoderTest
{
    private static final long RECEIVED = 42;

    @Test
    void everyRecordedFrameDecodesAsTheTreeDecodesIt()
            throws IOException, DecodeException
    {
        long streamed = 0;
        for (Path capture : Captures.venue("binance")) {
            Map<Integer, BinanceDecoder> decoders = new HashMap<>();
            try (CaptureReader reader = CaptureReader.open(capture)) {
                for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                    if (line.kind() == CaptureLine.Kind.OPEN) {
                        BinanceMarket market = line.url().contains("fstream.") ? BinanceMarket.USDM
                                : line.url().contains("dstream.") ? BinanceMarket.COINM : BinanceMarket.SPOT;
                        decoders.put(line.conn(), new BinanceDecoder(symbol -> BinanceSymbols.fromNative(market, symbol)));
                    }
                    else if (line.kind() == CaptureLine.Kind.RECV) {
                        BinanceDecoder decoder = decoders.get(line.conn());
                        String frame = line.data();
                        Decoded tree = new Decoded();
                        Decoded any = new Decoded();
                        boolean treeFailed = failed(() -> decoder.decodeTree(frame, RECEIVED, tree));
                        boolean failed = failed(() -> decoder.decode(frame, RECEIVED, any));
                        String where = capture.getFileName() + ": " + frame;
                        assertEquals(treeFailed, failed, where);
                        assertEquals(tree.toString(), any.toString(), where);
                        if (!treeFailed) {
                            streamed++;
                        }
                    }
                }
            }
        }
        assertTrue(streamed > 0, "no frame decoded");
    }

    @Test
    void framesOfOtherShapesAreLeftToTheTree()
    {
        BinanceStreamingDecoder decoder = new BinanceStreamingDecoder(symbol -> BinanceSymbols.fromNative(BinanceMarket.SPOT, symbol));
        Decoded decoded = new Decoded();
        for (String frame : List.of(
                "{\"result\":null,\"id\":1}",
                "{\"stream\":\"btcusdt@depth20\",\"data\":{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}}",
                "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":\"12\",\"p\":\"1.0\",\"q\":\"1.0\",\"T\":1,\"m\":true}",
                "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":12,\"p\":1.0,\"q\":\"1.0\",\"T\":1,\"m\":true}",
                "{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"b\":[[\"1.0\"]],\"a\":[]}",
                "{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"b\":[],\"a\":[],\"E\":null}",
                "{\"e\":\"24hrTicker\",\"s\":\"BTCUSDT\"}",
                "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"1.0\",\"B\":\"1.0\",\"a\":\"2.0\",\"A\":\"1.0\"}} trailing",
                "[{\"e\":\"trade\"}]",
                "not json")) {
            assertFalse(decoder.decode(frame, RECEIVED, decoded), frame);
        }
        assertEquals("", decoded.toString(), "nothing is handed over for a frame left to the tree");
    }

    private interface Decoding
    {
        void run()
                throws DecodeException;
    }

    private static boolean failed(Decoding decoding)
    {
        try {
            decoding.run();
            return false;
        }
        catch (DecodeException e) {
            return true;
        }
    }

    /**
     * What a frame handed over, in order, as text that shows every decimal with its scale.
     */
    private static final class Decoded
            implements BinanceDecoder.Handler
    {
        private final List<String> handed = new ArrayList<>();

        @Override
        public void stream(String name)
        {
            handed.add("stream " + name);
        }

        @Override
        public void event(MarketEvent event)
        {
            handed.add(event.toString());
        }

        @Override
        public void depthUpdate(BinanceDepthUpdate update)
        {
            handed.add(update + " " + update.instrument() + " " + update.venueNanos() + " " + update.receivedNanos() + " " + update.bids() + " " + update.asks());
        }

        @Override
        public void serverShutdown()
        {
            handed.add("server shutdown");
        }

        @Override
        public void ignored(String what)
        {
            handed.add("ignored " + what);
        }

        @Override
        public String toString()
        {
            return String.join("\n", handed);
        }
    }
}
