package dev.lifeboat.bot.slack;

import dev.lifeboat.access.Names;
import dev.lifeboat.config.ChatSection;
import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the Slack adapter connects and where it posts: {@code chat.slack} in lifeboat.yaml, read
 * through {@link #SECTION}. The one settings type of the adapter.
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
   * {@code chat.slack} in lifeboat.yaml, read by the config loader with everything else: every
   * missing or wrong token variable is reported with its key before anything starts, by
   * {@code lifeboat config check} too. Tokens are read from the environment variables the
   * section names, never from the YAML, and never shown.
   */
  public static final ChatSection<SlackSettings> SECTION = new ChatSection<>() {
    @Override
    public String platform() {
      return "slack";
    }

    @Override
    public Optional<SlackSettings> read(ConfigNode node) {
      node.allowOnly(Set.of("enabled", "mode", "bot_token_env", "app_token_env",
          "signing_secret_env", "api_url", "channel", "port", "update_interval_ms"));
      if (!node.bool("enabled", false)) {
        return Optional.empty();
      }
      String modeName = node.string("mode", "socket");
      Mode mode = switch (modeName.strip().toLowerCase(Locale.ROOT)) {
        case "socket" -> Mode.SOCKET;
        case "http" -> Mode.HTTP;
        default -> {
          node.child("mode").problem("'" + Names.shown(modeName) + "' is not a mode; use "
              + "socket or http");
          yield null;
        }
      };
      Optional<Secret> bot = secret(node, "bot_token_env", "SLACK_BOT_TOKEN", "xoxb-");
      Optional<Secret> app = mode == Mode.SOCKET
          ? secret(node, "app_token_env", "SLACK_APP_TOKEN", "xapp-") : Optional.empty();
      Optional<Secret> signing = mode == Mode.HTTP
          ? secret(node, "signing_secret_env", "SLACK_SIGNING_SECRET", "") : Optional.empty();
      String apiText = node.string("api_url", SLACK_API);
      URI api = null;
      try {
        api = URI.create(apiText);
        if (api.getScheme() == null || !api.getScheme().startsWith("http")) {
          node.child("api_url").problem("'" + Names.shown(apiText) + "' is not an http(s) URL");
          api = null;
        }
      } catch (IllegalArgumentException e) {
        node.child("api_url").problem("'" + Names.shown(apiText) + "' is not a URL");
      }
      int port = node.integer("port", 3000, 0, 65535);
      int interval = node.integer("update_interval_ms", (int) DEFAULT_UPDATE_INTERVAL.toMillis(),
          200, 60_000);
      if (mode == null || bot.isEmpty() || api == null || (mode == Mode.SOCKET && app.isEmpty())
          || (mode == Mode.HTTP && signing.isEmpty())) {
        return Optional.empty(); // the problems are reported; the loader throws them all
      }
      return Optional.of(new SlackSettings(mode, bot.get(), app, signing, api,
          node.optionalString("channel"), port, DEFAULT_HTTP_PATH,
          Duration.ofMillis(interval)));
    }
  };

  private static Optional<Secret> secret(ConfigNode node, String key, String fallback,
      String prefix) {
    String variable = node.string(key, fallback);
    Optional<String> value = node.context().environment(variable).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      node.child(key).problem(variable + " is not set");
      return Optional.empty();
    }
    if (!value.get().startsWith(prefix)) {
      // Never echo the value: only which kind of token it should have been.
      node.child(key).problem(variable + " does not hold a " + prefix + "… token (the bot "
          + "token starts with xoxb-, the app-level token with xapp-)");
      return Optional.empty();
    }
    return Optional.of(Secret.of(value.get().strip(), "env " + variable));
  }
}
