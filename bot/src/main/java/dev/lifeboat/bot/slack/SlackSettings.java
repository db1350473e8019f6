package dev.lifeboat.bot.slack;

import dev.lifeboat.config.ConfigException;
import dev.lifeboat.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Slack adapter connects and where it posts. The engine's config ({@code chat.slack})
 * will produce one of these; until then tests build it directly.
 *
 * @param mode Socket Mode (no public URL; the default) or HTTP (Slack calls us, signed)
 * @param botToken the bot token (xoxb-), for the Web API
 * @param appToken the app-level token (xapp-) with connections:write; Socket Mode only
 * @param signingSecret checks that HTTP requests come from Slack; HTTP mode only
 * @param apiUrl the Web API base, {@code https://slack.com/api/} unless a test or proxy says
 * @param channel where runs and notices that did not start in Slack go (interrupted runs,
 *     scheduled backups, console runs); empty: they are not posted
 * @param httpPort HTTP mode: the port to listen on (0 picks a free one)
 * @param httpPath HTTP mode: the path the app manifest's URLs point at
 * @param updateInterval at most one edit of a message per this interval (chat.update is Tier 3)
 */
public record SlackSettings(Mode mode, Secret botToken, Optional<Secret> appToken,
    Optional<Secret> signingSecret, URI apiUrl, Optional<String> channel, int httpPort,
    String httpPath, Duration updateInterval) {

  public static final String SLACK_API = "https://slack.com/api/";
  public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofMillis(1200);
  public static final String DEFAULT_HTTP_PATH = "/slack/events";

  /** How Slack reaches Lifeboat. */
  public enum Mode {
    /** Lifeboat opens a WebSocket to Slack: works behind NAT, no public URL. */
    SOCKET,
    /** Slack POSTs signed requests to a public URL Lifeboat serves. */
    HTTP
  }

  public SlackSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(botToken, "botToken");
    Objects.requireNonNull(apiUrl, "apiUrl");
    if (mode == Mode.SOCKET && appToken.isEmpty()) {
      throw new IllegalArgumentException("Socket Mode needs an app-level token");
    }
    if (mode == Mode.HTTP && signingSecret.isEmpty()) {
      throw new IllegalArgumentException("HTTP mode needs the signing secret");
    }
    // Bolt appends the method name to the prefix: without the slash "…/apichat.update".
    String url = apiUrl.toString();
    apiUrl = url.endsWith("/") ? apiUrl : URI.create(url + "/");
    channel = channel.filter(c -> !c.isBlank());
  }

  /** Socket Mode against Slack itself, progress edits every 1.2 s: the usual setup. */
  public static SlackSettings socketMode(Secret botToken, Secret appToken) {
    return new SlackSettings(Mode.SOCKET, botToken, Optional.of(appToken), Optional.empty(),
        URI.create(SLACK_API), Optional.empty(), 0, DEFAULT_HTTP_PATH, DEFAULT_UPDATE_INTERVAL);
  }

  /** HTTP mode on {@code port}: Slack POSTs to {@code https://your-host/slack/events}. */
  public static SlackSettings httpMode(Secret botToken, Secret signingSecret, int port) {
    return new SlackSettings(Mode.HTTP, botToken, Optional.empty(), Optional.of(signingSecret),
        URI.create(SLACK_API), Optional.empty(), port, DEFAULT_HTTP_PATH,
        DEFAULT_UPDATE_INTERVAL);
  }

  public SlackSettings withApiUrl(String url) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, URI.create(url), channel,
        httpPort, httpPath, updateInterval);
  }

  public SlackSettings withChannel(String id) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, apiUrl,
        Optional.ofNullable(id), httpPort, httpPath, updateInterval);
  }

  public SlackSettings withUpdateInterval(Duration interval) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, apiUrl, channel, httpPort,
        httpPath, interval);
  }

  /**
   * Reads the secrets from the environment variables the config names, reporting every missing
   * one at once with its config key, the way the engine's config loader does.
   *
   * @param keys the values under {@code chat.slack} in lifeboat.yaml
   */
  public static SlackSettings fromEnvironment(Keys keys, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    Mode mode;
    try {
      mode = Mode.valueOf(keys.mode().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add("chat.slack.mode: '" + keys.mode() + "' is not a mode; use socket or http");
      mode = Mode.SOCKET;
    }
    Optional<Secret> bot = secret(environment, "bot_token_env", keys.botTokenEnv(), "xoxb-",
        problems);
    Optional<Secret> app = mode == Mode.SOCKET
        ? secret(environment, "app_token_env", keys.appTokenEnv(), "xapp-", problems)
        : Optional.empty();
    Optional<Secret> signing = mode == Mode.HTTP
        ? secret(environment, "signing_secret_env", keys.signingSecretEnv(), "", problems)
        : Optional.empty();
    URI api = null;
    try {
      api = URI.create(keys.apiUrl());
      if (api.getScheme() == null || !api.getScheme().startsWith("http")) {
        problems.add("chat.slack.api_url: '" + keys.apiUrl() + "' is not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      problems.add("chat.slack.api_url: '" + keys.apiUrl() + "' is not a URL");
    }
    if (keys.port() < 0 || keys.port() > 65535) {
      problems.add("chat.slack.port: " + keys.port() + " is not a TCP port");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SlackSettings(mode, bot.orElseThrow(), app, signing, api, keys.channel(),
        keys.port(), DEFAULT_HTTP_PATH, DEFAULT_UPDATE_INTERVAL);
  }

  /** The keys of {@code chat.slack}, with the defaults the adapter assumes. */
  public record Keys(String mode, String botTokenEnv, String appTokenEnv,
      String signingSecretEnv, String apiUrl, Optional<String> channel, int port) {
    public static Keys defaults() {
      return new Keys("socket", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
          SLACK_API, Optional.empty(), 3000);
    }
  }

  private static Optional<Secret> secret(Map<String, String> environment, String key,
      String variable, String prefix, List<String> problems) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      problems.add("chat.slack." + key + ": " + variable + " is not set");
      return Optional.empty();
    }
    if (!value.startsWith(prefix)) {
      // Never echo the value: only which kind of token it should have been.
      problems.add("chat.slack." + key + ": " + variable + " does not hold a " + prefix
          + "… token (the bot token starts with xoxb-, the app-level token with xapp-)");
      return Optional.empty();
    }
    return Optional.of(Secret.of(value.strip(), "env " + variable));
  }
}
