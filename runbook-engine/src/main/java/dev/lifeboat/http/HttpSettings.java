package dev.lifeboat.http;

import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.config.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code http.check} and {@code webhook} share of their settings: where, how, with which
 * headers (secret ones from the environment, read at load), how long to wait and how often to try.
 */
record HttpSettings(String url, String method, Map<String, String> headers,
    Map<String, Secret> secretHeaders, Duration timeout, int retries, Duration retryDelay) {

  static final java.util.Set<String> KEYS = java.util.Set.of("url", "method", "headers",
      "headers_env", "timeout", "retries", "retry_delay");

  HttpSettings {
    headers = Map.copyOf(headers);
    secretHeaders = Map.copyOf(secretHeaders);
  }

  static HttpSettings read(ConfigNode with, String defaultMethod, int defaultRetries) {
    String url = with.requiredString("url", "https://app.example.com/health").orElse("");
    if (!url.isEmpty()) {
      Urls.problem(url).ifPresent(with.child("url")::problem);
    }
    String method = with.string("method", defaultMethod).toUpperCase(java.util.Locale.ROOT);
    if (!java.util.List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
      with.child("method").problem("must be GET, HEAD, POST, PUT, PATCH or DELETE");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    with.child("headers").entries().forEach((name, value) ->
        value.optionalString().ifPresent(v -> headers.put(name, v)));
    Map<String, Secret> secret = new LinkedHashMap<>();
    with.child("headers_env").entries().forEach((name, variable) ->
        secret(variable).ifPresent(value -> secret.put(name, value)));
    return new HttpSettings(url, method, headers, secret,
        with.duration("timeout", Duration.ofSeconds(10)),
        with.integer("retries", defaultRetries, 0, 20),
        with.duration("retry_delay", Duration.ofSeconds(5)));
  }

  /**
   * The secret in the environment variable {@code node} names, read at load; an unset one is a
   * problem reported at {@code node}.
   */
  static Optional<Secret> secret(ConfigNode node) {
    return node.optionalString().flatMap(env -> {
      Optional<String> value = node.context().environment(env);
      if (value.isEmpty()) {
        node.problem(env + " is not set; export it (or " + env + "_FILE=PATH) before starting "
            + "Lifeboat");
      }
      return value.map(v -> Secret.of(v, "env " + env));
    });
  }

  String shownUrl() {
    return Urls.shown(url);
  }
}
