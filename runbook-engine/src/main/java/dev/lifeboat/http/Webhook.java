package dev.lifeboat.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.config.Secret;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.verify.Keys;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code webhook}: tells another system what a run is doing (a maintenance page, a deploy hook
 * for "deploy the matching code version", a status page). POSTs a JSON body about the run,
 * authenticated by a secret header or an HMAC signature the receiver can check, retries on
 * network errors and 5xx answers, and logs the response code in the run's thread.
 *
 * <p>The signature is {@code X-Lifeboat-Signature: sha256=HEX}, the HMAC-SHA256 of
 * {@code TIMESTAMP + "." + BODY} with the shared secret, and {@code X-Lifeboat-Timestamp} holds
 * the epoch seconds, so a receiver can refuse replays of old deliveries.
 */
public final class Webhook implements Step {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final LazyHttpClient client = new LazyHttpClient(false);

  public Webhook(Clock clock) {
    this.clock = clock;
  }

  /** The step's settings, read when the runbook loads. */
  public record Settings(HttpSettings http, Optional<Secret> hmac, Map<String, String> fields) {}

  @Override
  public Object settings(ConfigNode with) {
    Set<String> keys = new java.util.HashSet<>(HttpSettings.KEYS);
    keys.addAll(Set.of("hmac_env", "fields"));
    with.allowOnly(keys);
    HttpSettings http = HttpSettings.read(with, "POST", 3);
    Optional<Secret> hmac = HttpSettings.secret(with.child("hmac_env"));
    Map<String, String> fields = new LinkedHashMap<>();
    with.child("fields").entries().forEach((k, v) -> fields.put(k, v.optionalString()
        .orElse("")));
    return new Settings(http, hmac, fields);
  }

  @Override
  public void execute(StepContext context) throws Exception {
    Settings s = context.settings(Settings.class);
    HttpSettings http = s.http();
    byte[] body = JSON.writeValueAsBytes(body(context, s));
    String what = http.method() + " " + http.shownUrl();
    String reason = "";
    for (int attempt = 0; attempt <= http.retries(); attempt++) {
      context.cancellation().throwIfCancelled();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      if (s.hmac().isPresent()) {
        String timestamp = Long.toString(Instant.ofEpochMilli(clock.millis()).getEpochSecond());
        headers.put("X-Lifeboat-Timestamp", timestamp);
        headers.put("X-Lifeboat-Signature", "sha256=" + sign(s.hmac().get(), timestamp, body));
      }
      boolean retry;
      try {
        HttpCall.Response response = HttpCall.send(client.get(), http, Optional.of(body),
            headers);
        if (response.status() / 100 == 2) {
          context.log(what + " answered " + response.status());
          return;
        }
        reason = "answered " + response.status();
        retry = response.status() >= 500 || response.status() == 429;
      } catch (HttpCall.Failed e) {
        reason = e.getMessage();
        retry = true;
      }
      if (!retry) {
        break; // a 4xx says the request itself is wrong: repeating it changes nothing
      }
      if (attempt < http.retries()) {
        context.log(what + ": " + reason + "; trying again in "
            + dev.lifeboat.run.Ago.of(http.retryDelay()));
        context.cancellation().pause(http.retryDelay());
      }
    }
    throw new LifeboatException("the webhook " + what + " failed: " + reason);
  }

  /** What the receiver learns: the run, never a secret. */
  private Map<String, Object> body(StepContext context, Settings s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run", context.run().ref());
    body.put("runbook", context.run().runbook());
    body.put("target", context.target().name());
    context.get(Keys.BACKUP).ifPresent(b -> body.put("backup", b.id()));
    body.put("step", context.step().id());
    body.put("requested_by", context.run().requestedBy());
    body.put("at", Instant.ofEpochMilli(clock.millis()).toString());
    body.putAll(s.fields());
    return body;
  }

  static String sign(Secret secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
