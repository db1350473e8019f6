package dev.lifeboat.bot.chat;

import dev.lifeboat.run.Origin;
import java.util.Optional;

/**
 * Where a platform shows a run or a request: the channel it was asked for in, or, for what
 * started elsewhere (console, CLI, schedule, a run found interrupted), the configured notice
 * channel; with none configured, it is not shown there.
 */
public record Channels(String platform, Optional<String> notices) {
  public Optional<String> of(Origin origin) {
    if (origin.adapter().equals(platform) && !origin.channel().isEmpty()) {
      return Optional.of(origin.channel());
    }
    return notices;
  }
}
