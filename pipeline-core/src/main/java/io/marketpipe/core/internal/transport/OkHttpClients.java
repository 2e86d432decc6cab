package io.marketpipe.core.internal.transport;

import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Builds the one {@link OkHttpClient} a runtime shares between its live transports, so they
 * share its connection pool and dispatcher threads.
 */
public final class OkHttpClients
{
    private OkHttpClients() {}

    public static OkHttpClient create(TransportSettings settings)
    {
        String userAgent = settings.userAgent();
        return new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.writeTimeout())
                .pingInterval(settings.pingInterval())
                .addInterceptor(chain -> {
                    Request request = chain.request();
                    if (request.header("User-Agent") != null) {
                        return chain.proceed(request);
                    }
                    return chain.proceed(request.newBuilder().header("User-Agent", userAgent).build());
                })
                .build();
    }
}
