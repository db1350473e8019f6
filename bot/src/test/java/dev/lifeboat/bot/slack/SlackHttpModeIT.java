package dev.lifeboat.bot.slack;

import dev.lifeboat.bot.chat.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.config.Secret;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP mode: Slack POSTs signed requests. A good signature runs the command; a bad or stale one
 * is refused with 401 before anything runs; a retry (X-Slack-Retry-Num) is answered once.
 */
@ExtendWith(PostgresExtension.class)
class SlackHttpModeIT {
  private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void signedRequestsRunAndBadOrStaleSignaturesAreRefused(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    try (SlackHarness h = SlackHarness.start(dir, db, s -> SlackSettings.httpMode(
        Secret.of(FakeSlack.BOT_TOKEN, "test"), Secret.of(SIGNING_SECRET, "test"), 0)
        .withApiUrl(s.apiUrl().toString()))) {
      URI url = URI.create("http://127.0.0.1:" + h.adapter().httpPort().orElseThrow()
          + "/slack/events");
      String now = Long.toString(Instant.now().getEpochSecond());

      String good = form(Envelopes.slashCommand(SlackHarness.ALICE, SlackHarness.CHANNEL,
          "/backup", "list", "trigger-1", h.slack.responseUrl("good")));
      assertThat(post(url, good, now, sign(now, good), 0).statusCode()).isEqualTo(200);
      assertThat(Await.until("the answer", () -> h.slack.responses().stream()
          .filter(r -> r.path().endsWith("/good")).findFirst()).text())
          .contains("No backups yet.");
      // Slack's retry of the same command: acknowledged, not run again.
      assertThat(post(url, good, now, sign(now, good), 1).statusCode()).isEqualTo(200);

      String forged = form(Envelopes.slashCommand(SlackHarness.ALICE, SlackHarness.CHANNEL,
          "/backup", "now", "trigger-2", h.slack.responseUrl("forged")));
      assertThat(post(url, forged, now, tampered(sign(now, forged)), 0).statusCode())
          .isEqualTo(401);
      String stale = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());
      assertThat(post(url, forged, stale, sign(stale, forged), 0).statusCode())
          .isEqualTo(401);

      Thread.sleep(300); // give a wrongly accepted request the time to show itself
      assertThat(h.slack.responses()).hasSize(1);
      assertThat(h.lifeboat.engine().recent(10)).isEmpty();
    }
  }

  private HttpResponse<String> post(URI url, String body, String timestamp, String signature,
      int retry) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Slack-Request-Timestamp", timestamp)
        .header("X-Slack-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (retry > 0) {
      request.header("X-Slack-Retry-Num", Integer.toString(retry))
          .header("X-Slack-Retry-Reason", "http_timeout");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Slack's request signature: v0= + HMAC-SHA256 of "v0:timestamp:body". */
  private static String sign(String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
        .getBytes(StandardCharsets.UTF_8)));
  }

  private static String tampered(String signature) {
    char last = signature.charAt(signature.length() - 1);
    return signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
  }

  private static String form(ObjectNode fields) {
    StringJoiner body = new StringJoiner("&");
    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it =
        fields.fields(); it.hasNext(); ) {
      var e = it.next();
      body.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8));
    }
    return body.toString();
  }
}
