package dev.lifeboat.restore;

import dev.lifeboat.Messages;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.http.LazyHttpClient;
import dev.lifeboat.runbook.StepContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the application that its database goes into maintenance and comes back, when a runbook
 * step has {@code with: {webhook: https://...}}: POST {"target": ..., "state": ...}. The webhook
 * is a courtesy: writes are stopped by the database either way, so a failure is a warning in the
 * run's log, never a failed step.
 */
final class MaintenanceWebhook {
  static final String SETTING = "webhook";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LazyHttpClient client = new LazyHttpClient(false);

  private HttpClient client() {
    return client.get();
  }

  /** {@code with: {webhook: URL}} of the read-only and read-write steps. */
  record Setting(Optional<String> url) {
    static Setting read(dev.lifeboat.config.ConfigNode with) {
      with.allowOnly(java.util.Set.of(SETTING));
      Optional<String> url = with.optionalString(SETTING).map(String::strip)
          .filter(u -> !u.isBlank());
      url.flatMap(dev.lifeboat.http.Urls::problem).ifPresent(with.child(SETTING)::problem);
      return new Setting(url);
    }
  }

  /** The step's webhook setting, if it has one. */
  static Optional<String> configured(StepContext context) {
    return context.settings(Setting.class).url();
  }

  /** POSTs {@code state}; a failure is logged as a warning with the host only. */
  void post(StepContext context, String url, String state) {
    String shown = shown(url);
    try {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("target", context.target().name());
      body.put("state", state);
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
      HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        context.log("warning: the maintenance webhook at " + shown + " answered HTTP "
            + response.statusCode() + " to state " + state + "; carrying on without it");
        return;
      }
      context.log("maintenance webhook at " + shown + " told: " + state);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.log("warning: interrupted while calling the maintenance webhook at " + shown);
    } catch (IOException | IllegalArgumentException e) {
      // Messages about a URL may quote it, token and all: the URL is replaced by its host.
      String reason = e instanceof IllegalArgumentException ? "not a usable http(s) URL"
          : e instanceof java.net.http.HttpTimeoutException ? "no answer within "
              + TIMEOUT.toSeconds() + " s" : e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + Messages.firstLine(e.getMessage()).replace(url,
                  shown));
      context.log("warning: the maintenance webhook at " + shown + " failed for state " + state
          + " (" + reason + "); carrying on without it");
    }
  }

  static String shown(String url) {
    return dev.lifeboat.http.Urls.shown(url);
  }
}
