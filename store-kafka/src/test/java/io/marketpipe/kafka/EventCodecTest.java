package io.marketpipe.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.json.EventJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // what the Kafka form adds to the replay output to be lossless
    private static final Set<String> ADDED = Set.of("native_symbol", "market_kind", "base", "quote", "settle", "expiry", "tick_size", "lot_size", "venue_ns", "checksum");

    @Test
    void everyEventTypeOfTheModelComesBackExactly()
    {
        List<MarketEvent> events = MarketEvents.everyType();
        Set<String> types = events.stream().map(MarketEvent::type).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(EventCodec.TYPES), types, "the sample covers every type the codec knows");

        for (MarketEvent event : events) {
            byte[] json = EventCodec.encode(event);
            MarketEvent decoded = EventCodec.decode(json);
            assertEquals(event, decoded, () -> new String(json, StandardCharsets.UTF_8));
            assertInstrumentEquals(event.instrument(), decoded.instrument());
            // equal events may still differ in a decimal's scale, which the JSON text shows
            assertEquals(new String(json, StandardCharsets.UTF_8), new String(EventCodec.encode(decoded), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theJsonIsTheReplayOutputWithFieldsThatMakeItLossless()
            throws Exception
    {
        for (MarketEvent event : MarketEvents.everyType()) {
            ObjectNode kafka = (ObjectNode) MAPPER.readTree(EventCodec.encode(event));
            JsonNode replay = MAPPER.readTree(EventJson.toJson(event));
            kafka.remove(ADDED);
            assertEquals(replay, kafka, event.type());
        }
    }

    @Test
    void decimalsAreStringsAsTheVenueWroteThem()
            throws Exception
    {
        JsonNode json = MAPPER.readTree(EventCodec.encode(MarketEvents.everyType().get(0)));
        assertTrue(json.get("price").isTextual());
        assertEquals("61837.63000000", json.get("price").asText());
        assertEquals("0.02000000", json.get("size").asText());
        assertEquals("0.01", json.get("tick_size").asText());
        assertEquals("1723161240000342123", json.get("venue_ns").asText());
    }

    @Test
    void unknownFieldsAreIgnoredSoTheFormCanGrow()
    {
        Trade trade = (Trade) MarketEvents.everyType().get(0);
        String json = new String(EventCodec.encode(trade), StandardCharsets.UTF_8);
        String grown = json.replace("{\"type\":\"trade\",", "{\"type\":\"trade\",\"maker_order\":{\"id\":[1,2]},\"fee\":null,");
        assertEquals(trade, EventCodec.decode(grown.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whatIsNotAnEventIsRejectedNamingTheProblem()
    {
        assertEquals("empty record", decodeFailure(""));
        assertTrue(decodeFailure("not json").startsWith("not a JSON object"), decodeFailure("not json"));
        assertEquals("missing field \"type\"", decodeFailure("{\"exchange\":\"binance\"}"));
        assertEquals("bar event: unknown event type \"bar\"", decodeFailure("{\"type\":\"bar\",\"venue_ns\":0,\"recv_ns\":1}"));
        String missingPrice = new String(EventCodec.encode(MarketEvents.everyType().get(0)), StandardCharsets.UTF_8).replace("\"price\":\"61837.63000000\",", "");
        assertEquals("trade event: missing field \"price\"", decodeFailure(missingPrice));
        String badSide = new String(EventCodec.encode(MarketEvents.everyType().get(0)), StandardCharsets.UTF_8).replace("\"sell\"", "\"sideways\"");
        assertTrue(decodeFailure(badSide).startsWith("trade event: "), decodeFailure(badSide));
    }

    private static String decodeFailure(String json)
    {
        return assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    private static void assertInstrumentEquals(Instrument expected, Instrument actual)
    {
        if (expected == null) {
            assertEquals(null, actual);
            return;
        }
        assertEquals(expected.venue(), actual.venue());
        assertEquals(expected.market(), actual.market());
        assertEquals(expected.nativeSymbol(), actual.nativeSymbol());
        assertEquals(expected.symbol(), actual.symbol());
        assertEquals(expected.base(), actual.base());
        assertEquals(expected.quote(), actual.quote());
        assertEquals(expected.kind(), actual.kind());
        assertEquals(expected.settle(), actual.settle());
        assertEquals(expected.expiry(), actual.expiry());
        assertEquals(String.valueOf(expected.tickSize()), String.valueOf(actual.tickSize()));
        assertEquals(String.valueOf(expected.lotSize()), String.valueOf(actual.lotSize()));
    }
}
