package io.marketpipe.core.internal.plugin;

import java.util.function.Supplier;

/**
 * Runs code with a plugin's class loader as the thread's context class loader, restoring the
 * previous one afterwards, so libraries inside a plugin that look up resources through the
 * context loader find the plugin's own.
 */
final class ContextClassLoader
{
    private ContextClassLoader() {}

    static <T> T call(ClassLoader loader, Supplier<T> action)
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    static void run(ClassLoader loader, Runnable action)
    {
        call(loader, () -> {
            action.run();
            return null;
        });
    }
}
