package dev.lifeboat.monitor;

import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.config.Secret;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.http.LazyHttpClient;
import dev.lifeboat.run.RunState;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings a target's heartbeat URL after each successful backup: a dead man's switch
 * (healthchecks-style), so that an outside service notices when backups stop, even when
 * Lifeboat itself is down. The ping is a bare GET: no body, no names, no connection details.
 * The URL itself often holds a token, so it never appears in a log line.
 */
public final class Heartbeat implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final LifeboatConfig config;
  private final LazyHttpClient http = new LazyHttpClient(true);

  public Heartbeat(LifeboatConfig config) {
    this.config = config;
  }

  @Override
  public void publish(LifeboatEvent event) {
    if (event instanceof LifeboatEvent.RunFinished f && f.state() == RunState.SUCCEEDED
        && f.run().runbook().equals("backup") && config.targets().containsKey(f.run().target())) {
      ping(f.run().target());
    }
  }

  /** Sends the ping without waiting for it; completes with the HTTP status, or empty. */
  public CompletableFuture<Optional<Integer>> ping(String target) {
    Optional<Secret> url = config.upkeep(target).monitors().heartbeat();
    if (url.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(url.get().reveal()))
        .timeout(TIMEOUT).header("User-Agent", "Lifeboat").GET().build();
    return http.get().sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, error) -> {
          if (error != null) {
            LOG.warn("The heartbeat of {} ({}) could not be sent: {}", target, url.get(),
                error.getClass().getSimpleName());
            return Optional.empty();
          }
          if (response.statusCode() >= 300) {
            LOG.warn("The heartbeat of {} ({}) was answered with HTTP {}", target, url.get(),
                response.statusCode());
          }
          return Optional.of(response.statusCode());
        });
  }
}
