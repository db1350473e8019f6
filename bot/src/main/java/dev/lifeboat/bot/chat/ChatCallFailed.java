package dev.lifeboat.bot.slack;

import java.time.Duration;
import java.util.Optional;

/**
 * A Web API call that did not work. Says whether trying again can help (rate limit, outage,
 * timeout) or not (the bot is not in the channel, the token was revoked), and how long Slack
 * asked us to wait.
 */
final class SlackCallFailed extends Exception {
  private final boolean retryable;
  private final Optional<Duration> retryAfter;

  SlackCallFailed(String message, boolean retryable, Optional<Duration> retryAfter,
      Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  boolean retryable() {
    return retryable;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
