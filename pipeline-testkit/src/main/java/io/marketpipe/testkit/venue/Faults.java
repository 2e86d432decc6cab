package io.marketpipe.testkit.venue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The faults a {@link FakeVenue} will inject, armed by a test at any time (before the client
 * connects, or while it runs):
 *
 * <pre>{@code
 * venue.faults()
 *         .garbageAfter(10)
 *         .dropConnectionAfter(200)
 *         .throttleRest(1, Duration.ofSeconds(2));
 * }</pre>
 *
 * <h2>WebSocket faults</h2>
 * A count of {@code frames} is counted from the moment the fault is armed, over the frames of the
 * script the venue plays (sent, skipped or truncated; injected garbage does not count), on every
 * connection together. A fault armed "after {@code n} frames" takes effect just before the
 * {@code n+1}-th such frame; {@code 0} means before the next one. Faults due at the same point
 * apply in this order: stalls, garbage, then a drop or close (the frame is not sent; the next
 * connection plays on per the venue's {@link FakeVenue.Playback}), and finally what happens to
 * the frame itself (skipped or truncated). Only one thing happens to one frame; a second skip or
 * truncation due at the same point takes the next frame.
 *
 * <h2>REST faults</h2>
 * REST faults answer the next {@code requests} REST requests, in the order they were armed:
 * a throttle (429) or ban (418) with {@code Retry-After}, a server error, or a slow answer (the
 * normal response, after a delay).
 *
 * <p>Every fault that takes effect is counted in {@link FakeVenue#injected()}. Thread-safe.
 */
public final class Faults
{
    /** The text {@link #garbageAfter(long)} sends: no venue protocol parses it. */
    public static final String GARBAGE = "\u0000\u0007fake venue garbage {\"unterminated\": [1, 2";

    private static final List<FaultKind> FRAME_FAULT_ORDER = List.of(
            FaultKind.STALL, FaultKind.GARBAGE, FaultKind.DROP, FaultKind.CLOSE, FaultKind.SKIP, FaultKind.TRUNCATE);

    private final Object lock;
    private final LongSupplier played;
    // guarded by lock
    private final List<FrameFault> frameFaults = new ArrayList<>();
    private final List<RestFault> restFaults = new ArrayList<>();
    private final Map<FaultKind, Long> injected = new EnumMap<>(FaultKind.class);

    /**
     * @param lock the venue's lock, which guards the count of frames played
     * @param played frames of the script played so far; read under the lock
     */
    Faults(Object lock, LongSupplier played)
    {
        this.lock = requireNonNull(lock, "lock is null");
        this.played = requireNonNull(played, "played is null");
    }

    /**
     * Drops the connection without a close frame (the client sees a failure) after that many
     * frames.
     */
    public Faults dropConnectionAfter(long frames)
    {
        return dropConnectionAfter(frames, 0);
    }

    /**
     * Drops the connection without a close frame after that many frames, and the next
     * {@code inFlight} frames of the script with it: the venue published them, no client
     * received them ({@link FakeVenue#lostFrames()}), as happens to frames on the wire when a
     * connection breaks. They count as played; a new connection resumes after them (with
     * {@link FakeVenue.Playback#RESUME}).
     */
    public Faults dropConnectionAfter(long frames, int inFlight)
    {
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight is negative: " + inFlight);
        }
        FrameFault fault = new FrameFault(FaultKind.DROP, frames, null, null, null, 0, null);
        fault.inFlight = inFlight;
        return arm(fault);
    }

    /**
     * Closes the connection from the venue's side with a close code and reason after that many
     * frames, as a venue does for maintenance ({@code 1001}) or a policy violation ({@code 1008}).
     */
    public Faults closeConnectionAfter(long frames, int code, String reason)
    {
        requireNonNull(reason, "reason is null");
        if (code < 1000 || code > 4999 || code == 1004 || code == 1005 || code == 1006 || code == 1015) {
            throw new IllegalArgumentException("not a close code a venue may send: " + code);
        }
        return arm(new FrameFault(FaultKind.CLOSE, frames, null, null, null, code, reason));
    }

    /**
     * Stops sending for the duration after that many frames, keeping the connection open (and
     * answering pings): a half-open or silent connection. {@link FakeVenue#resume()} ends a stall
     * early.
     */
    public Faults stallAfter(long frames, Duration duration)
    {
        requireNonNull(duration, "duration is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("stall duration is negative: " + duration);
        }
        return arm(new FrameFault(FaultKind.STALL, frames, null, duration, null, 0, null));
    }

    /**
     * Sends {@link #GARBAGE} after that many frames, in addition to the script's frames.
     */
    public Faults garbageAfter(long frames)
    {
        return garbageAfter(frames, GARBAGE);
    }

    /**
     * Sends the given text after that many frames, in addition to the script's frames.
     */
    public Faults garbageAfter(long frames, String text)
    {
        requireNonNull(text, "text is null");
        return arm(new FrameFault(FaultKind.GARBAGE, frames, null, null, text, 0, null));
    }

    /**
     * Sends the first half of the frame that follows that many frames instead of the whole frame.
     */
    public Faults truncateFrameAfter(long frames)
    {
        return arm(new FrameFault(FaultKind.TRUNCATE, frames, null, null, null, 0, null));
    }

    /**
     * Withholds the frame that follows that many frames.
     */
    public Faults skipFrameAfter(long frames)
    {
        return arm(new FrameFault(FaultKind.SKIP, frames, null, null, null, 0, null));
    }

    /**
     * Withholds the next frame the predicate accepts, e.g. the next order book update. The
     * predicate runs on the venue's sending thread before each frame, so it may also look at the
     * state of the system under test ("the next book update once the book is verified").
     */
    public Faults skipFrameMatching(Predicate<String> frame)
    {
        requireNonNull(frame, "frame is null");
        return arm(new FrameFault(FaultKind.SKIP, 0, frame, null, null, 0, null));
    }

    /**
     * Answers the next {@code requests} REST requests 429 Too Many Requests with a
     * {@code Retry-After} header (whole seconds, rounded up).
     */
    public Faults throttleRest(int requests, Duration retryAfter)
    {
        requireNonNull(retryAfter, "retryAfter is null");
        return arm(new RestFault(FaultKind.REST_THROTTLED, requests, 429, retryAfter, Duration.ZERO));
    }

    /**
     * Answers the next {@code requests} REST requests 418, Binance's answer to a client that kept
     * going after 429s, with a {@code Retry-After} header.
     */
    public Faults banRest(int requests, Duration retryAfter)
    {
        requireNonNull(retryAfter, "retryAfter is null");
        return arm(new RestFault(FaultKind.REST_BANNED, requests, 418, retryAfter, Duration.ZERO));
    }

    /**
     * Answers the next {@code requests} REST requests with a server error.
     *
     * @param status 500 to 599
     */
    public Faults failRest(int requests, int status)
    {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("not a server error status: " + status);
        }
        return arm(new RestFault(FaultKind.REST_SERVER_ERROR, requests, status, null, Duration.ZERO));
    }

    /**
     * Answers the next {@code requests} REST requests normally, but only after the delay; longer
     * than the client's read timeout, it is a timeout.
     */
    public Faults slowRest(int requests, Duration delay)
    {
        requireNonNull(delay, "delay is null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay is negative: " + delay);
        }
        return arm(new RestFault(FaultKind.REST_SLOW, requests, 0, null, delay));
    }

    /**
     * @return the WebSocket faults not yet injected plus the REST requests still to be answered
     *         with a fault
     */
    public long pending()
    {
        synchronized (lock) {
            long pending = frameFaults.size();
            for (RestFault fault : restFaults) {
                pending += fault.remaining;
            }
            return pending;
        }
    }

    long injected()
    {
        synchronized (lock) {
            long total = 0;
            for (long count : injected.values()) {
                total += count;
            }
            return total;
        }
    }

    long injected(FaultKind kind)
    {
        requireNonNull(kind, "kind is null");
        synchronized (lock) {
            return injected.getOrDefault(kind, 0L);
        }
    }

    private Faults arm(FrameFault fault)
    {
        if (fault.afterFrames < 0) {
            throw new IllegalArgumentException("frames is negative: " + fault.afterFrames);
        }
        synchronized (lock) {
            fault.due = played.getAsLong() + fault.afterFrames;
            frameFaults.add(fault);
        }
        return this;
    }

    private Faults arm(RestFault fault)
    {
        if (fault.remaining < 1) {
            throw new IllegalArgumentException("requests must be positive: " + fault.remaining);
        }
        synchronized (lock) {
            restFaults.add(fault);
        }
        return this;
    }

    /**
     * Takes the faults due before the next frame of the script. Call under the venue's lock.
     *
     * @param frame the frame about to be played
     */
    FramePlan planFrame(String frame)
    {
        long now = played.getAsLong();
        FramePlan plan = new FramePlan();
        for (FaultKind kind : FRAME_FAULT_ORDER) {
            Iterator<FrameFault> faults = frameFaults.iterator();
            while (faults.hasNext()) {
                FrameFault fault = faults.next();
                if (fault.kind != kind || fault.due > now) {
                    continue;
                }
                switch (kind) {
                    case STALL:
                        plan.stalls.add(fault.stall);
                        break;
                    case GARBAGE:
                        plan.garbage.add(fault.garbage);
                        break;
                    case DROP:
                    case CLOSE:
                        if (plan.ending != null) {
                            continue;
                        }
                        plan.ending = kind;
                        plan.closeCode = fault.code;
                        plan.closeReason = fault.reason;
                        plan.inFlight = fault.inFlight;
                        break;
                    default:
                        if (plan.ending != null || plan.frameAction != null || (fault.matching != null && !fault.matching.test(frame))) {
                            continue;
                        }
                        plan.frameAction = kind;
                }
                faults.remove();
                injected.merge(kind, 1L, Long::sum);
            }
        }
        return plan;
    }

    /**
     * Takes the REST fault for the next request, if one is armed.
     */
    RestPlan planRest()
    {
        synchronized (lock) {
            if (restFaults.isEmpty()) {
                return null;
            }
            RestFault fault = restFaults.get(0);
            fault.remaining--;
            if (fault.remaining == 0) {
                restFaults.remove(0);
            }
            injected.merge(fault.kind, 1L, Long::sum);
            return new RestPlan(fault.kind, fault.status, fault.retryAfter, fault.delay);
        }
    }

    /**
     * What happens before and to one frame of the script.
     */
    static final class FramePlan
    {
        final List<Duration> stalls = new ArrayList<>();
        final List<String> garbage = new ArrayList<>();
        FaultKind ending;
        int closeCode;
        String closeReason;
        int inFlight;
        FaultKind frameAction;
    }

    /**
     * How one REST request is answered: a status instead of the response, or the response late.
     */
    record RestPlan(FaultKind kind, int status, Duration retryAfter, Duration delay) {}

    private static final class FrameFault
    {
        final FaultKind kind;
        final long afterFrames;
        final Predicate<String> matching;
        final Duration stall;
        final String garbage;
        final int code;
        final String reason;
        long due;
        int inFlight;

        FrameFault(FaultKind kind, long afterFrames, Predicate<String> matching, Duration stall, String garbage, int code, String reason)
        {
            this.kind = kind;
            this.afterFrames = afterFrames;
            this.matching = matching;
            this.stall = stall;
            this.garbage = garbage;
            this.code = code;
            this.reason = reason;
        }
    }

    private static final class RestFault
    {
        final FaultKind kind;
        final int status;
        final Duration retryAfter;
        final Duration delay;
        int remaining;

        RestFault(FaultKind kind, int remaining, int status, Duration retryAfter, Duration delay)
        {
            this.kind = kind;
            this.remaining = remaining;
            this.status = status;
            this.retryAfter = retryAfter;
            this.delay = delay;
        }
    }
}
