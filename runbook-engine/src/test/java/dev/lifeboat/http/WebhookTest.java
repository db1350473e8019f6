package dev.lifeboat.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.config.Secret;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.StepHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook step against a real HTTP server on loopback. */
class WebhookTest {
  private static final String SECRET = "hook-secret-91c2";

  @TempDir Path dir;
  private StepHarness harness;

  @BeforeEach
  void start() {
    harness = new StepHarness(dir, Map.of("webhook", new Webhook(Clock.systemUTC())),
        Map.of("DEPLOY_HOOK_SECRET", SECRET, "DEPLOY_TOKEN", "deploy-token-5e"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static String runbook(String with) {
    return "name: deploy\nsteps:\n  - {id: deploy-matching-code, uses: webhook, timeout: 30s, "
        + "with: " + with + "}\n";
  }

  @Test
  void postsTheRunAsJsonSignedSoTheReceiverCanCheckIt() throws Exception {
    try (LocalHttp hook = new LocalHttp((x, n) -> LocalHttp.send(x, 202, ""))) {
      RunFinished r = harness.run(runbook("{url: '" + hook.url("/deploy") + "', hmac_env: "
          + "DEPLOY_HOOK_SECRET, fields: {environment: production}}"));

      assertThat(r.state()).as(r.error().orElse("")).isEqualTo(RunState.SUCCEEDED);
      LocalHttp.Request req = hook.requests.get(0);
      assertThat(req.method()).isEqualTo("POST");
      JsonNode body = new ObjectMapper().readTree(req.body());
      assertThat(body.get("run").asText()).startsWith("r");
      assertThat(body.get("runbook").asText()).isEqualTo("deploy");
      assertThat(body.get("target").asText()).isEqualTo("shop");
      assertThat(body.get("step").asText()).isEqualTo("deploy-matching-code");
      assertThat(body.get("requested_by").asText()).isEqualTo("alice");
      assertThat(body.get("environment").asText()).isEqualTo("production");
      String timestamp = req.header("X-Lifeboat-Timestamp");
      assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
          org.assertj.core.data.Offset.offset(120L));
      // What a receiver does: HMAC-SHA256 of "timestamp.body" with the shared secret.
      assertThat(req.header("X-Lifeboat-Signature")).isEqualTo("sha256=" + Webhook.sign(
          Secret.of(SECRET, "test"), timestamp, req.body().getBytes(StandardCharsets.UTF_8)));
      assertThat(harness.logs()).anySatisfy(l -> assertThat(l).endsWith("answered 202"));
      assertThat(harness.events().toString()).doesNotContain(SECRET);
    }
  }

  @Test
  void aServerErrorIsRetriedAndARefusalIsNot() throws Exception {
    try (LocalHttp flaky = new LocalHttp((x, n) -> LocalHttp.send(x, n == 1 ? 502 : 200, ""))) {
      RunFinished r = harness.run(runbook("{url: '" + flaky.url("/") + "', retry_delay: 20ms, "
          + "headers_env: {X-Token: DEPLOY_TOKEN}}"));
      assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(flaky.requests).hasSize(2)
          .allSatisfy(q -> assertThat(q.header("X-Token")).isEqualTo("deploy-token-5e"));
    }
    try (LocalHttp refusing = new LocalHttp((x, n) -> LocalHttp.send(x, 403, "no"))) {
      RunFinished r = harness.run(runbook("{url: '" + refusing.url("/") + "', retry_delay: "
          + "20ms}"));
      assertThat(r.state()).isEqualTo(RunState.FAILED);
      assertThat(r.error().orElseThrow()).contains("the webhook POST http://127.0.0.1:")
          .endsWith("failed: answered 403");
      assertThat(refusing.requests).as("a 4xx is not repeated").hasSize(1);
    }
  }

  @Test
  void anUnsetSecretIsReportedAtLoad() {
    assertThat(harness.problems(runbook("{url: 'https://hooks.example.com/x', hmac_env: NOPE}")))
        .containsExactly("runbooks/test.yaml: steps[0].with.hmac_env: NOPE is not set; export "
            + "it (or NOPE_FILE=PATH) before starting Lifeboat");
  }
}
