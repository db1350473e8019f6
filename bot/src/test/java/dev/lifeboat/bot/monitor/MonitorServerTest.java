package dev.lifeboat.bot.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.MutableClock;
import dev.lifeboat.testing.SyntheticBackups;
import dev.lifeboat.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics and /healthz as Prometheus and an orchestrator read them. */
class MonitorServerTest {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MonitorServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsShowBackupAgesAndRunsAndHealthNamesWhatIsWrong() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    TestConfig test = new TestConfig(dir).target("shop", "127.0.0.1", 5432, "shop", "app", "pw")
        .target("billing", "127.0.0.1", 5432, "billing", "app", "pw2");
    AtomicReference<Optional<String>> slack = new AtomicReference<>(Optional.empty());
    try (Lifeboat lifeboat = Lifeboat.start(test.load(), test.environment(), clock,
        PgTools.discover());
        MonitorServer server = MonitorServer.start(lifeboat, 0, clock, List.of(slack::get))) {
      SyntheticBackups.put(lifeboat.stores().get("local"), lifeboat.catalog(), "shop",
          clock.instant().minus(Duration.ofHours(1)), 2048);
      lifeboat.events().publish(new LifeboatEvent.RunFinished(new RunInfo(1, "backup", "shop",
          "alice", Origin.of("test"), Map.of(), clock.instant()), RunState.SUCCEEDED,
          Duration.ofSeconds(3), List.of(), Optional.empty()));

      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("lifeboat_backup_newest_age_seconds{target=\"shop\"} 3600.0")
          .contains("lifeboat_backup_newest_age_seconds{target=\"billing\"} +Inf")
          .contains("lifeboat_backup_newest_size_bytes{target=\"shop\"} 2048.0")
          .contains("lifeboat_alerts_open{target=\"shop\"} 0.0")
          .contains("lifeboat_approvals_pending 0.0")
          .contains("lifeboat_run_duration_seconds_count{outcome=\"succeeded\",runbook=\"backup\","
              + "target=\"shop\"} 1")
          .doesNotContain("pw2");

      HttpResponse<String> healthy = get(server, "/healthz");
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.body()).contains("\"status\":\"ok\"");

      slack.set(Optional.of("the Slack Socket Mode client has stopped"));
      HttpResponse<String> unhealthy = get(server, "/healthz");
      assertThat(unhealthy.statusCode()).isEqualTo(503);
      assertThat(unhealthy.body()).contains("the Slack Socket Mode client has stopped");
    }
  }
}
