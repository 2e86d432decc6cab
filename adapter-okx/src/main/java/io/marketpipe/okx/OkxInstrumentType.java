package io.marketpipe.okx;

import io.marketpipe.api.model.MarketKind;

import java.util.Locale;

/**
 * OKX's instrument types ({@code instType}) and the {@code market} names configuration and
 * instruments use for them.
 */
enum OkxInstrumentType
{
    SPOT, SWAP, FUTURES, OPTION;

    /** The {@code market} of a connector whose instruments each take their type from their id. */
    static final String MIXED = "mixed";

    /**
     * @return the {@code market} name: the type in lower case
     */
    String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    MarketKind kind()
    {
        return switch (this) {
            case SPOT -> MarketKind.SPOT;
            case SWAP -> MarketKind.PERPETUAL;
            case FUTURES -> MarketKind.FUTURE;
            case OPTION -> MarketKind.OPTION;
        };
    }

    /**
     * @return the type as OKX's {@code instType} parameter spells it
     */
    String wireName()
    {
        return name();
    }

    static OkxInstrumentType of(MarketKind kind)
    {
        for (OkxInstrumentType type : values()) {
            if (type.kind() == kind) {
                return type;
            }
        }
        throw new IllegalArgumentException("OKX lists no " + kind.name().toLowerCase(Locale.ROOT) + " instruments");
    }

    /**
     * @return the type named by a {@code market} setting, or null for {@code mixed}
     * @throws IllegalArgumentException for any other name
     */
    static OkxInstrumentType fromConfigName(String name)
    {
        if (name.equals(MIXED)) {
            return null;
        }
        for (OkxInstrumentType type : values()) {
            if (type.configName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" is not an OKX market; expected spot, swap, futures, option or mixed");
    }
}
