package dev.lifeboat.bot.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Remembers what a platform delivered recently, so a redelivery (a retried envelope, an event
 * the platform thinks we missed, a double click) is acknowledged but never acted on twice.
 * Platforms retry within minutes, so ten minutes of memory covers it; a restart forgets, and
 * the engine's own rules (one run per target, an approval counts once) are the second line.
 * Keys are per platform: a Slack event id and a Discord interaction id never collide.
 */
public final class Dedupe {
  public static final Duration REMEMBER = Duration.ofMinutes(10);

  private final String platform;
  private final Cache<String, Boolean> seen;

  public Dedupe(String platform) {
    this(platform, Ticker.systemTicker());
  }

  public Dedupe(String platform, Ticker ticker) {
    this.platform = platform;
    this.seen = Caffeine.newBuilder().expireAfterWrite(REMEMBER).maximumSize(50_000)
        .ticker(ticker).build();
  }

  /** True the first time {@code key} is seen within the window; false for a redelivery. */
  public boolean first(String key) {
    return seen.asMap().putIfAbsent(platform + ":" + key, Boolean.TRUE) == null;
  }

  /**
   * A slash command's identity. Slack gives commands no event id; the trigger id is unique per
   * invocation, and the user and text guard against a client that reuses one.
   */
  public static String command(String user, String command, String text, String triggerId) {
    return "command:" + sha256(user + "\n" + command + " " + text + "\n" + triggerId);
  }

  /** A click: the same person, button and action timestamp is the same click. */
  public static String click(String user, String actionId, String actionTs) {
    return "click:" + user + ":" + actionId + ":" + actionTs;
  }

  /** An event (Slack's Events API, a Discord gateway event) keeps its id across retries. */
  public static String event(String eventId) {
    return "event:" + eventId;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
