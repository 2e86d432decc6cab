package io.marketpipe.core.internal.plugin;

/**
 * Runs code with a plugin's class loader as the thread's context class loader, restoring the
 * previous one afterwards, so libraries inside a plugin that look up resources through the
 * context loader find the plugin's own.
 */
final class ContextClassLoader
{
    private ContextClassLoader() {}

    static <T, E extends Throwable> T call(ClassLoader loader, Action<T, E> action)
            throws E
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.run();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Code that returns a value and may throw.
     */
    @FunctionalInterface
    interface Action<T, E extends Throwable>
    {
        T run()
                throws E;
    }
}
