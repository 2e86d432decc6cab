package io.marketpipe.core.internal.plugin;

import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.Set;

/**
 * Wraps a plugin's factories, and what they create, so that every runtime call into the plugin
 * swaps in the plugin's context class loader. Calls the plugin makes on its own threads (socket
 * callbacks) are the transports' business and need no wrapping.
 */
final class IsolatedFactories
{
    // what a plugin's objects hand back that the runtime calls into in turn
    private static final Set<Class<?>> PLUGIN_TYPES = Set.of(Connector.class, Enricher.class, Store.class, HistoricalCandles.class);

    private IsolatedFactories() {}

    static ConnectorFactory connector(ConnectorFactory factory, ClassLoader loader)
    {
        return isolate(ConnectorFactory.class, factory, loader);
    }

    static EnricherFactory enricher(EnricherFactory factory, ClassLoader loader)
    {
        return isolate(EnricherFactory.class, factory, loader);
    }

    static StoreFactory store(StoreFactory factory, ClassLoader loader)
    {
        return isolate(StoreFactory.class, factory, loader);
    }

    private static <T> T isolate(Class<T> type, T target, ClassLoader loader)
    {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Isolating(target, loader)));
    }

    /**
     * Calls the target with the plugin's context class loader, and isolates what the call
     * returns when the runtime calls into that too: a connector, enricher or store a factory
     * creates, a connector's optional history.
     */
    private record Isolating(Object target, ClassLoader loader)
            implements InvocationHandler
    {
        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments)
                throws Throwable
        {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == arguments[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> target.toString();
                };
            }
            Object result = ContextClassLoader.call(loader, () -> {
                try {
                    return method.invoke(target, arguments);
                }
                catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            return isolated(result, method.getReturnType(), method.getGenericReturnType());
        }

        private Object isolated(Object result, Class<?> type, Type generic)
        {
            if (result == null) {
                return null;
            }
            if (PLUGIN_TYPES.contains(type)) {
                return isolate(type, result);
            }
            if (result instanceof Optional<?> optional && generic instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> element && PLUGIN_TYPES.contains(element)) {
                return optional.map(value -> isolate(element, value));
            }
            return result;
        }

        private Object isolate(Class<?> type, Object value)
        {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Isolating(value, loader));
        }
    }
}
