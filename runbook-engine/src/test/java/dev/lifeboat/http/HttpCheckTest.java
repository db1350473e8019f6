package dev.lifeboat.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.StepHarness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http.check against a real HTTP server on loopback, through the real loader and engine. */
class HttpCheckTest {
  private static final String TOKEN = "smoke-token-7f3a";

  @TempDir Path dir;
  private StepHarness harness;

  @BeforeEach
  void start() {
    harness = new StepHarness(dir, Map.of("http.check", new HttpCheck()),
        Map.of("SMOKE_TOKEN", TOKEN));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static String runbook(String with) {
    return "name: smoke\nsteps:\n  - {id: login, uses: http.check, timeout: 30s, with: " + with
        + "}\n";
  }

  @Test
  void aHealthyAnswerPassesAndTheSecretHeaderIsSentButNeverShown() throws Exception {
    try (LocalHttp app = new LocalHttp((x, n) -> LocalHttp.send(x, 200,
        "{\"status\":\"ok\",\"checks\":[{\"db\":\"up\"}]}"))) {
      RunFinished r = harness.run(runbook("{url: '" + app.url("/health?key=" + TOKEN)
          + "', headers_env: {Authorization: SMOKE_TOKEN}, expect_json: {$.status: ok, "
          + "'$.checks[0].db': up}}"));

      assertThat(r.state()).as(r.error().orElse("")).isEqualTo(RunState.SUCCEEDED);
      assertThat(app.requests).singleElement().satisfies(req -> {
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.header("Authorization")).isEqualTo(TOKEN);
      });
      assertThat(harness.logs()).anySatisfy(l -> assertThat(l)
          .startsWith("GET http://127.0.0.1:").contains("answered 200 in"));
      assertThat(harness.events().toString()).doesNotContain(TOKEN).doesNotContain("/health");
    }
  }

  @Test
  void aServerComingBackIsRetriedUntilItAnswers() throws Exception {
    try (LocalHttp app = new LocalHttp((x, n) -> LocalHttp.send(x, n < 3 ? 503 : 200, "ok"))) {
      RunFinished r = harness.run(runbook("{url: '" + app.url("/") + "', expect_text: ok, "
          + "retries: 4, retry_delay: 20ms}"));

      assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(app.requests).hasSize(3);
      assertThat(harness.logs()).filteredOn(l -> l.contains("trying again")).hasSize(2)
          .first().asString().contains("answered 503, not 200").contains("(1 of 5)");
    }
  }

  @Test
  void aRedirectIsReportedWithWhereItLeadsAndHowToAcceptIt() throws Exception {
    try (LocalHttp app = new LocalHttp((x, n) -> {
      x.getResponseHeaders().add("Location", "https://login.example.com/sso?token=" + TOKEN);
      LocalHttp.send(x, 302, "");
    })) {
      RunFinished r = harness.run(runbook("{url: '" + app.url("/app") + "'}"));

      assertThat(r.state()).isEqualTo(RunState.FAILED);
      assertThat(r.error().orElseThrow()).contains("answered 302, a redirect to "
          + "https://login.example.com, not 200; set follow_redirects: true or expect_status: 302")
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void aWrongValueAndALongBodyAreShownShort() throws Exception {
    String big = "{\"status\":\"degraded\",\"detail\":\"" + "x".repeat(5000) + "\"}";
    try (LocalHttp app = new LocalHttp((x, n) -> LocalHttp.send(x, 200, big))) {
      RunFinished json = harness.run(runbook("{url: '" + app.url("/") + "', expect_json: "
          + "{$.status: ok, $.version: '2'}}"));
      assertThat(json.error().orElseThrow())
          .contains("$.status is 'degraded', not 'ok', $.version is missing, not '2'");

      RunFinished text = harness.run(runbook("{url: '" + app.url("/") + "', expect_text: "
          + "healthy}"));
      assertThat(text.error().orElseThrow()).contains("the body does not contain 'healthy'")
          .contains("(body begins: {\"status\":\"degraded\"");
      assertThat(text.error().orElseThrow().length()).isLessThan(400);
    }
  }

  @Test
  void aSlowServerIsATimeoutAndAnUntrustedCertificateIsATlsFailure() throws Exception {
    try (LocalHttp app = new LocalHttp((x, n) -> {
      Thread.sleep(3_000);
      LocalHttp.send(x, 200, "late");
    })) {
      RunFinished slow = harness.run(runbook("{url: '" + app.url("/") + "', timeout: 300ms}"));
      assertThat(slow.error().orElseThrow()).endsWith("no answer within 300 ms");
    }
    try (LocalHttp selfSigned = LocalHttp.https(dir, (x, n) -> LocalHttp.send(x, 200, "ok"))) {
      RunFinished tls = harness.run(runbook("{url: '" + selfSigned.url("/") + "'}"));
      assertThat(tls.error().orElseThrow()).contains("TLS failed (")
          .contains("check the server's certificate");
      assertThat(selfSigned.requests).as("nothing was sent over the untrusted connection")
          .isEmpty();
    }
  }

  @Test
  void badSettingsAreReportedAtLoad() {
    assertThat(harness.problems(runbook("{url: 'ftp://x', expect_status: [200, abc], "
        + "expect_json: {status: ok}, headers_env: {Authorization: NOT_SET_ANYWHERE}, "
        + "retrys: 2}")))
        .contains("runbooks/test.yaml: steps[0].with.url: must be an http:// or https:// URL "
            + "with a host")
        .contains("runbooks/test.yaml: steps[0].with.expect_status: must be HTTP status codes "
            + "such as 200 or [200, 204], not 'abc'")
        .contains("runbooks/test.yaml: steps[0].with.expect_json.status: a JSON path such as "
            + "$.status or $.checks[0].state; only names and indexes are supported")
        .contains("runbooks/test.yaml: steps[0].with.headers_env.Authorization: "
            + "NOT_SET_ANYWHERE is not set; export it (or NOT_SET_ANYWHERE_FILE=PATH) before "
            + "starting Lifeboat")
        .anySatisfy(p -> assertThat(p).startsWith(
            "runbooks/test.yaml: steps[0].with.retrys: unknown key; did you mean retries?"));
  }
}
