package dev.lifeboat.bot.discord;

import dev.lifeboat.access.Names;
import dev.lifeboat.config.ChatSection;
import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the Discord adapter connects and where it posts: {@code chat.discord} in lifeboat.yaml,
 * read through {@link #SECTION}. The one settings type of the adapter.
 *
 * @param token the bot token, from the environment variable {@code token_env} names
 * @param guild the server (guild) id whose slash commands Lifeboat registers (they appear at
 *     once there; global commands take up to an hour); empty: register them globally
 * @param channel where runs and notices that did not start in Discord go (interrupted runs,
 *     scheduled backups, console runs, alerts); empty: they are not posted
 * @param apiUrl the REST base, {@code https://discord.com/api/v10/} unless a test or proxy says
 * @param gatewayUrl the gateway WebSocket, {@code wss://gateway.discord.gg} unless a test says
 * @param updateInterval at most one edit of a message per this interval (Discord allows about
 *     5 edits per 5 s per channel; a second's pace leaves room for the other messages)
 */
public record DiscordSettings(Secret token, Optional<String> guild, Optional<String> channel,
    URI apiUrl, URI gatewayUrl, Duration updateInterval) {

  public static final String DISCORD_API = "https://discord.com/api/v10/";
  public static final String DISCORD_GATEWAY = "wss://gateway.discord.gg";
  public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofMillis(1000);
  /** Discord's ids are snowflakes: a 64-bit number written in decimal. */
  private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");

  public DiscordSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(gatewayUrl, "gatewayUrl");
    // JDA appends routes to the base: without the slash "…/v10channels/…".
    String url = apiUrl.toString();
    apiUrl = url.endsWith("/") ? apiUrl : URI.create(url + "/");
    guild = guild.filter(g -> !g.isBlank());
    channel = channel.filter(c -> !c.isBlank());
  }

  /** Discord itself, commands in {@code guild}, notices to {@code channel}. */
  public static DiscordSettings of(Secret token, String guild, String channel) {
    return new DiscordSettings(token, Optional.of(guild), Optional.ofNullable(channel),
        URI.create(DISCORD_API), URI.create(DISCORD_GATEWAY), DEFAULT_UPDATE_INTERVAL);
  }

  public DiscordSettings withServer(String api, String gateway) {
    return new DiscordSettings(token, guild, channel, URI.create(api), URI.create(gateway),
        updateInterval);
  }

  public DiscordSettings withUpdateInterval(Duration interval) {
    return new DiscordSettings(token, guild, channel, apiUrl, gatewayUrl, interval);
  }

  /**
   * {@code chat.discord} in lifeboat.yaml, read by the config loader with everything else, so
   * {@code lifeboat config check} reports a missing token or a malformed id with its key before
   * anything connects. The token is read from the environment variable the section names,
   * never from the YAML, and never shown.
   */
  public static final ChatSection<DiscordSettings> SECTION = new ChatSection<>() {
    @Override
    public String platform() {
      return "discord";
    }

    @Override
    public Optional<DiscordSettings> read(ConfigNode node) {
      node.allowOnly(Set.of("enabled", "token_env", "guild", "channel", "api_url",
          "gateway_url", "update_interval_ms"));
      if (!node.bool("enabled", false)) {
        return Optional.empty();
      }
      Optional<Secret> token = token(node);
      Optional<String> guild = snowflake(node, "guild", "the server's id");
      Optional<String> channel = snowflake(node, "channel", "a text channel's id");
      URI api = url(node, "api_url", DISCORD_API, "http");
      URI gateway = url(node, "gateway_url", DISCORD_GATEWAY, "ws");
      int interval = node.integer("update_interval_ms", (int) DEFAULT_UPDATE_INTERVAL.toMillis(),
          200, 60_000);
      if (token.isEmpty() || api == null || gateway == null) {
        return Optional.empty(); // the problems are reported; the loader throws them all
      }
      return Optional.of(new DiscordSettings(token.get(), guild, channel, api, gateway,
          Duration.ofMillis(interval)));
    }
  };

  private static Optional<Secret> token(ConfigNode node) {
    String variable = node.string("token_env", "DISCORD_TOKEN");
    Optional<String> value = node.context().environment(variable).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      node.child("token_env").problem(variable + " is not set (put the bot token of your "
          + "Discord application there; docs/discord.md shows where to find it)");
      return Optional.empty();
    }
    if (value.get().strip().contains(" ")) {
      // "Bot xyz" pasted from an Authorization header: JDA adds the prefix itself.
      node.child("token_env").problem(variable + " holds more than the token; put only the "
          + "token there, without \"Bot \"");
      return Optional.empty();
    }
    return Optional.of(Secret.of(value.get().strip(), "env " + variable));
  }

  private static Optional<String> snowflake(ConfigNode node, String key, String what) {
    Optional<String> value = node.optionalString(key).map(String::strip)
        .filter(v -> !v.isEmpty());
    if (value.isPresent() && !SNOWFLAKE.matcher(value.get()).matches()) {
      node.child(key).problem("'" + Names.shown(value.get()) + "' is not " + what + "; Discord "
          + "ids are numbers (turn on Developer Mode, then right-click → Copy ID)");
      return Optional.empty();
    }
    return value;
  }

  private static URI url(ConfigNode node, String key, String fallback, String scheme) {
    String text = node.string(key, fallback);
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() == null || !uri.getScheme().startsWith(scheme)) {
        node.child(key).problem("'" + Names.shown(text) + "' is not a " + scheme + "(s) URL");
        return null;
      }
      return uri;
    } catch (IllegalArgumentException e) {
      node.child(key).problem("'" + Names.shown(text) + "' is not a URL");
      return null;
    }
  }
}
