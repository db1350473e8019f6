package dev.lifeboat.bot.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * A platform call that did not work. Says whether trying again can help (rate limit, outage,
 * timeout) or not (the bot is not in the channel, the token was revoked), and how long the
 * platform asked us to wait.
 */
public final class ChatCallFailed extends Exception {
  private final boolean retryable;
  private final Optional<Duration> retryAfter;

  public ChatCallFailed(String message, boolean retryable, Optional<Duration> retryAfter,
      Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public boolean retryable() {
    return retryable;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
