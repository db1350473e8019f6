package dev.lifeboat.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code http.check}: the smoke test of "can users still log in" after a restore. Calls a URL and
 * checks the status and, optionally, a text in the body or values at JSON paths, with retries,
 * since an application coming back after a swap may need a few seconds. Bodies are never shown
 * in full: at most a short excerpt when a check fails.
 */
public final class HttpCheck implements Step {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN_BODY = 120;
  private static final Pattern JSON_PATH = Pattern.compile(
      "\\$((\\.[A-Za-z_][A-Za-z0-9_-]*)|(\\[\\d+]))+");

  private final LazyHttpClient noRedirects = new LazyHttpClient(false);
  private final LazyHttpClient redirects = new LazyHttpClient(true);

  /** The step's settings, read when the runbook loads. */
  public record Settings(HttpSettings http, Set<Integer> expectStatus, Optional<String> expectText,
      Map<String, String> expectJson, Optional<String> body, boolean followRedirects) {}

  @Override
  public Object settings(ConfigNode with) {
    Set<String> keys = new java.util.HashSet<>(HttpSettings.KEYS);
    keys.addAll(Set.of("expect_status", "expect_text", "expect_json", "body",
        "follow_redirects"));
    with.allowOnly(keys);
    HttpSettings http = HttpSettings.read(with, "GET", 0);
    Set<Integer> status = new java.util.LinkedHashSet<>();
    for (String s : with.strings("expect_status")) {
      try {
        int code = Integer.parseInt(s.strip());
        if (code < 100 || code > 599) {
          throw new NumberFormatException();
        }
        status.add(code);
      } catch (NumberFormatException e) {
        with.child("expect_status").problem("must be HTTP status codes such as 200 or "
            + "[200, 204], not '" + Names.shown(s) + "'");
      }
    }
    if (status.isEmpty()) {
      status.add(200);
    }
    Map<String, String> json = new LinkedHashMap<>();
    with.child("expect_json").entries().forEach((path, value) -> {
      if (!JSON_PATH.matcher(path).matches()) {
        value.problem("a JSON path such as $.status or $.checks[0].state; only names and "
            + "indexes are supported");
      }
      json.put(path, value.optionalString().orElse(""));
    });
    return new Settings(http, Set.copyOf(status), with.optionalString("expect_text"), json,
        with.optionalString("body"), with.bool("follow_redirects", false));
  }

  @Override
  public void execute(StepContext context) throws Exception {
    Settings s = context.settings(Settings.class);
    HttpSettings http = s.http();
    String what = http.method() + " " + http.shownUrl();
    String reason = "";
    for (int attempt = 0; attempt <= http.retries(); attempt++) {
      context.cancellation().throwIfCancelled();
      long started = System.nanoTime();
      try {
        HttpCall.Response response = HttpCall.send((s.followRedirects() ? redirects
            : noRedirects).get(), http, s.body().map(b -> b.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), Map.of());
        long ms = (System.nanoTime() - started) / 1_000_000;
        Optional<String> failure = judge(s, response);
        if (failure.isEmpty()) {
          context.log(what + " answered " + response.status() + " in " + ms + " ms: as expected");
          return;
        }
        reason = failure.get();
      } catch (HttpCall.Failed e) {
        reason = e.getMessage();
      }
      if (attempt < http.retries()) {
        context.log(what + ": " + reason + "; trying again in "
            + dev.lifeboat.run.Ago.of(http.retryDelay()) + " (" + (attempt + 1) + " of "
            + (http.retries() + 1) + ")");
        context.cancellation().pause(http.retryDelay());
      }
    }
    throw new LifeboatException(what + ": " + reason
        + (http.retries() > 0 ? " (after " + (http.retries() + 1) + " tries)" : ""));
  }

  /** Why {@code response} is not what the runbook expects, if it is not. */
  static Optional<String> judge(Settings s, HttpCall.Response response) {
    if (!s.expectStatus().contains(response.status())) {
      String expected = s.expectStatus().size() == 1 ? "" + s.expectStatus().iterator().next()
          : s.expectStatus().toString();
      if (response.status() / 100 == 3) {
        return Optional.of("answered " + response.status() + ", a redirect to "
            + response.location().map(Urls::shown).orElse("nowhere") + ", not " + expected
            + "; set follow_redirects: true or expect_status: " + response.status());
      }
      return Optional.of("answered " + response.status() + ", not " + expected + excerpt(
          response.body()));
    }
    if (s.expectText().isPresent() && !response.body().contains(s.expectText().get())) {
      return Optional.of("answered " + response.status() + " but the body does not contain '"
          + Names.text(s.expectText().get(), 40) + "'" + excerpt(response.body()));
    }
    if (!s.expectJson().isEmpty()) {
      JsonNode root;
      try {
        root = JSON.readTree(response.body());
      } catch (IOException e) {
        return Optional.of("answered " + response.status() + " but the body is not JSON"
            + excerpt(response.body()));
      }
      List<String> wrong = new ArrayList<>();
      s.expectJson().forEach((path, expected) -> {
        JsonNode found = root.at(pointer(path));
        String actual = found.isMissingNode() ? null : found.isValueNode() ? found.asText()
            : found.toString();
        if (!expected.equals(actual)) {
          wrong.add(path + " is " + (actual == null ? "missing" : "'" + Names.text(actual, 40)
              + "'") + ", not '" + Names.text(expected, 40) + "'");
        }
      });
      if (!wrong.isEmpty()) {
        return Optional.of("answered " + response.status() + " but " + String.join(", ",
            wrong));
      }
    }
    return Optional.empty();
  }

  /** $.a.b[0] as the JSON Pointer /a/b/0. */
  static String pointer(String path) {
    return path.substring(1).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
  }

  private static String excerpt(String body) {
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.isEmpty() ? "" : " (body begins: " + Names.text(flat, SHOWN_BODY) + ")";
  }
}
