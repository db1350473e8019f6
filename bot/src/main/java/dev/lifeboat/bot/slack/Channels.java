package dev.lifeboat.bot.slack;

import dev.lifeboat.run.Origin;
import java.util.Optional;

/**
 * Where messages about a run or a request go: the channel it was asked for in, or, for what
 * started elsewhere (console, schedule, a run found interrupted), the configured channel.
 */
record Channels(Optional<String> fallback) {
  Optional<String> of(Origin origin) {
    if (origin.adapter().equals("slack") && !origin.channel().isEmpty()) {
      return Optional.of(origin.channel());
    }
    return fallback;
  }
}
