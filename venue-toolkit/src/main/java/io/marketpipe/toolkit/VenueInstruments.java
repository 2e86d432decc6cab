package io.marketpipe.toolkit;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A connector's instruments by native symbol: first what the configured symbols alone tell, then
 * the venue's own definitions (tick and lot size, settlement) once loaded over REST; a symbol met
 * on the wire that was not configured (replayed captures) is read from its native form. Every
 * method is thread-safe.
 */
public final class VenueInstruments
{
    private static final Logger log = LoggerFactory.getLogger(VenueInstruments.class);

    private final List<Instrument> configured;
    private final Function<String, Instrument> fromNative;
    private final Map<String, Instrument> byNative = new ConcurrentHashMap<>();

    /**
     * @param configured the configured instruments, in configured order
     * @param fromNative reads an instrument from its native symbol; may throw
     *        {@link IllegalArgumentException} for text that is none
     */
    public VenueInstruments(List<Instrument> configured, Function<String, Instrument> fromNative)
    {
        this.configured = List.copyOf(configured);
        this.fromNative = requireNonNull(fromNative, "fromNative is null");
        this.configured.forEach(instrument -> byNative.put(instrument.nativeSymbol(), instrument));
    }

    /**
     * @throws IllegalArgumentException when the symbol is unknown and not a native symbol of the venue
     */
    public Instrument get(String nativeSymbol)
    {
        return byNative.computeIfAbsent(nativeSymbol, fromNative);
    }

    /**
     * @return the configured instruments, in configured order, with the venue's definitions where loaded
     */
    public List<Instrument> configured()
    {
        List<Instrument> current = new ArrayList<>(configured.size());
        for (Instrument instrument : configured) {
            current.add(get(instrument.nativeSymbol()));
        }
        return current;
    }

    /**
     * Takes the venue's definitions of the configured instruments. Reports as an {@code INFO}
     * status why none could be loaded (the symbols alone then serve), or which configured
     * instruments the venue does not list.
     *
     * @param loaded the venue's definitions by native symbol, or null when the request failed
     * @param failure why the request failed, or null
     * @param what the venue's source of definitions, e.g. {@code exchangeInfo}
     */
    public void load(Map<String, Instrument> loaded, Throwable failure, String what, VenueStatus status)
    {
        if (failure != null || loaded == null) {
            String reason = what + " unavailable (" + (failure == null ? "no answer" : VenueRestClient.cause(failure).getMessage())
                    + "); instruments are read from their symbols";
            log.info("{}: {}", status.source(), reason);
            status.report(SourceStatus.Kind.INFO, null, reason);
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Instrument instrument : configured) {
            Instrument listed = loaded.get(instrument.nativeSymbol());
            if (listed == null) {
                missing.add(instrument.nativeSymbol());
            }
            else {
                byNative.put(instrument.nativeSymbol(), listed);
            }
        }
        if (!missing.isEmpty()) {
            String reason = what + " does not list " + String.join(", ", missing);
            log.warn("{}: {}", status.source(), reason);
            status.report(SourceStatus.Kind.INFO, null, reason);
        }
    }
}
