package io.marketpipe.testkit.venue;

import io.marketpipe.core.capture.ReplaySpeed;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Serves a capture as a fake venue on loopback from the command line, for scripts that run the
 * packaged launcher against it: {@code FakeVenueMain CAPTURE [SPEED]}. Prints
 * {@code ws=<url> rest=<url>} once listening and serves until it is killed.
 */
public final class FakeVenueMain
{
    private FakeVenueMain() {}

    public static void main(String[] args)
            throws IOException, InterruptedException
    {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FakeVenueMain CAPTURE [max|1x|10x]");
            System.exit(2);
        }
        ReplaySpeed speed = args.length == 2 ? ReplaySpeed.parse(args[1]) : ReplaySpeed.RECORDED;
        try (FakeVenue venue = FakeVenue.fromCapture(Path.of(args[0])).speed(speed).start()) {
            System.out.println("ws=" + venue.wsUrl() + " rest=" + venue.restUrl());
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
