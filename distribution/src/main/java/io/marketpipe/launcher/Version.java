package io.marketpipe.launcher;

import picocli.CommandLine;

/**
 * The launcher's version, from the jar manifest.
 */
final class Version
        implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"marketpipe " + (version == null ? "development build" : version)};
    }
}
