package dev.lifeboat.http;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * An HTTP client built at its first use. An idle one costs every start its TLS set-up, and its
 * selector thread delays every JVM exit by about 0.3 s: a cost each cron backup would pay for a
 * heartbeat or webhook it may not even have configured.
 */
public final class LazyHttpClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final boolean followRedirects;
  private HttpClient client;

  public LazyHttpClient(boolean followRedirects) {
    this.followRedirects = followRedirects;
  }

  public synchronized HttpClient get() {
    if (client == null) {
      client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL
              : HttpClient.Redirect.NEVER).build();
    }
    return client;
  }
}
