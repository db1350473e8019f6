package dev.lifeboat.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.TestConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead man's switch against a local HTTP server standing in for the outside service. */
class HeartbeatTest {
  @TempDir Path dir;

  private HttpServer server;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ping", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " body="
          + body.length + " " + exchange.getRequestHeaders().entrySet());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static LifeboatEvent.RunFinished finished(String runbook, RunState state) {
    RunInfo run = new RunInfo(7, runbook, "shop", "schedule", Origin.of("schedule"),
        Map.of("target", "shop"), Instant.parse("2026-11-23T10:00:00Z"));
    return new LifeboatEvent.RunFinished(run, state, Duration.ofSeconds(3), List.of(),
        Optional.empty());
  }

  @Test
  void aSuccessfulBackupPingsTheUrlWithNothingSecretInIt() throws Exception {
    TestConfig test = new TestConfig(dir).target("shop", "127.0.0.1", 5432, "shop", "app",
        "pw-that-must-not-leak").targetOption("shop", "heartbeat_url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/ping/3f2a");
    LifeboatConfig config = test.load();
    Heartbeat heartbeat = new Heartbeat(config);

    heartbeat.publish(finished("backup", RunState.FAILED));
    heartbeat.publish(finished("verify", RunState.SUCCEEDED));
    heartbeat.publish(finished("backup", RunState.SUCCEEDED));

    String ping = received.poll(30, TimeUnit.SECONDS);
    assertThat(ping).startsWith("GET /ping/3f2a body=0").doesNotContain("pw-that-must-not-leak")
        .doesNotContain("shop");
    assertThat(heartbeat.ping("shop").get(30, TimeUnit.SECONDS)).contains(200);
    received.poll(30, TimeUnit.SECONDS); // the direct ping's request
    assertThat(received).as("only the successful backup pinged").isEmpty();
  }

  @Test
  void aTargetWithoutHeartbeatSendsNothing() throws Exception {
    LifeboatConfig config = new TestConfig(dir).target("shop", "127.0.0.1", 5432, "shop", "app",
        "pw").load();
    assertThat(new Heartbeat(config).ping("shop").get(1, TimeUnit.SECONDS)).isEmpty();
  }
}
