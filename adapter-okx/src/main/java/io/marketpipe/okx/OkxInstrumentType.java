package io.marketpipe.okx;

import io.marketpipe.api.model.MarketKind;

import java.util.Locale;

/**
 * OKX's instrument types ({@code instType}) and the {@code market} names configuration and
 * instruments use for them.
 */
enum OkxInstrumentType
{
    SPOT("spot", MarketKind.SPOT),
    SWAP("swap", MarketKind.PERPETUAL),
    FUTURES("futures", MarketKind.FUTURE),
    OPTION("option", MarketKind.OPTION);

    /** The {@code market} of a connector whose instruments each take their type from their id. */
    static final String MIXED = "mixed";

    private final String configName;
    private final MarketKind kind;

    OkxInstrumentType(String configName, MarketKind kind)
    {
        this.configName = configName;
        this.kind = kind;
    }

    String configName()
    {
        return configName;
    }

    MarketKind kind()
    {
        return kind;
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
            if (type.kind == kind) {
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
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" is not an OKX market; expected spot, swap, futures, option or mixed");
    }
}
