package io.marketpipe.toolkit;

import io.marketpipe.api.model.Instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A connector's instruments by native symbol. It starts from the configured instruments (what
 * their symbols alone tell), takes the venue's own definitions (assets, tick and lot size) once
 * the connector has loaded them, and derives instruments the venue sends unasked from their
 * native symbol. Thread-safe.
 */
public final class VenueInstruments
{
    private final List<String> configured;
    private final Function<String, Instrument> fromNative;
    private final Map<String, Instrument> byNative = new ConcurrentHashMap<>();

    /**
     * @param configured the configured instruments, in configured order
     * @param fromNative derives an instrument from a native symbol the configuration does not
     *        name; may throw {@link IllegalArgumentException} for a symbol it cannot read
     */
    public VenueInstruments(List<Instrument> configured, Function<String, Instrument> fromNative)
    {
        this.fromNative = requireNonNull(fromNative, "fromNative is null");
        List<String> symbols = new ArrayList<>();
        for (Instrument instrument : configured) {
            byNative.put(instrument.nativeSymbol(), instrument);
            symbols.add(instrument.nativeSymbol());
        }
        this.configured = List.copyOf(symbols);
    }

    /**
     * @return the instrument of a native symbol: its definition if loaded, else the configured
     *         one, else one derived from the symbol
     */
    public Instrument get(String nativeSymbol)
    {
        return byNative.computeIfAbsent(nativeSymbol, fromNative);
    }

    /**
     * @return the configured instruments in configured order, with their loaded definitions
     */
    public List<Instrument> configured()
    {
        return configured.stream().map(this::get).toList();
    }

    /**
     * @return the native symbols of the configured instruments, in configured order
     */
    public List<String> configuredSymbols()
    {
        return configured;
    }

    /**
     * Takes the definitions a connector loaded from the venue, as a request future completed them.
     *
     * @param loaded the definitions by native symbol, or null when the request failed
     * @param failure why the request failed, or null
     * @param source what was asked, for the description, e.g. {@code exchangeInfo}
     * @return what the venue did not define, for a status event: the failure, or the configured
     *         symbols it does not list; empty when every configured instrument is defined
     */
    public Optional<String> define(Map<String, Instrument> loaded, Throwable failure, String source)
    {
        if (failure != null) {
            return Optional.of(source + " unavailable (" + VenueRestClient.cause(failure).getMessage() + "); instruments are read from their symbols");
        }
        List<String> missing = new ArrayList<>();
        for (String symbol : configured) {
            Instrument defined = loaded.get(symbol);
            if (defined == null) {
                missing.add(symbol);
            }
            else {
                byNative.put(symbol, defined);
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(source + " does not list " + String.join(", ", missing));
    }
}
