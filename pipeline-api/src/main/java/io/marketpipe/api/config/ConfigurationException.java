package io.marketpipe.api.config;

/**
 * A configuration value is missing, of the wrong type, unknown or invalid. The message always
 * names the full configuration path, so the launcher can print it as is and exit with code 2.
 *
 * @since 0.1
 */
public class ConfigurationException
        extends RuntimeException
{
    private final String path;

    /**
     * @param path the full configuration path the problem is about, e.g. {@code marketpipe.connectors[0].symbols}
     * @param message what is wrong, without the path
     */
    public ConfigurationException(String path, String message)
    {
        super(path + ": " + message);
        this.path = path;
    }

    public ConfigurationException(String path, String message, Throwable cause)
    {
        super(path + ": " + message, cause);
        this.path = path;
    }

    /**
     * @return the full configuration path the problem is about
     */
    public String path()
    {
        return path;
    }
}
