package io.marketpipe.toolkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads values straight from a streaming JSON parser, for decoders of a venue's busiest frames
 * that skip the {@link JsonObject} tree. Each method reads the value at the parser's current
 * token, and fails with a {@link DecodeException} on a value of another shape, so that a decoder
 * can hand such a frame to its general path, which says what was wrong.
 */
public final class JsonTokens
{
    private JsonTokens() {}

    /**
     * @return the decimal of a JSON string ({@code "0.10"}), read from the parser's own buffer
     */
    public static Decimal decimal(JsonParser parser)
            throws IOException, DecodeException
    {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new DecodeException("expected a decimal string, got " + parser.currentToken());
        }
        try {
            return Decimal.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }
        catch (NumberFormatException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    /**
     * Reads {@code [["price", "qty", ...], ...]} levels of decimal strings, the parser on the
     * outer {@code [}; further elements of a row (order counts) are skipped.
     *
     * @return the levels, the parser on the outer {@code ]}
     */
    public static List<PriceLevel> levels(JsonParser parser)
            throws IOException, DecodeException
    {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new DecodeException("expected an array of levels, got " + parser.currentToken());
        }
        List<PriceLevel> levels = new ArrayList<>();
        for (JsonToken row = parser.nextToken(); row != JsonToken.END_ARRAY; row = parser.nextToken()) {
            if (row != JsonToken.START_ARRAY) {
                throw new DecodeException("expected a [price, quantity] row, got " + row);
            }
            parser.nextToken();
            Decimal price = decimal(parser);
            parser.nextToken();
            Decimal size = decimal(parser);
            for (JsonToken extra = parser.nextToken(); extra != JsonToken.END_ARRAY; extra = parser.nextToken()) {
                if (extra == null) {
                    throw new DecodeException("unterminated level row");
                }
                parser.skipChildren();
            }
            levels.add(new PriceLevel(price, size));
        }
        return levels;
    }
}
