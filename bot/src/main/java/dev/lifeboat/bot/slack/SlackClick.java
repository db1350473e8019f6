package dev.lifeboat.bot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import dev.lifeboat.bot.chat.Dedupe;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A click on one of Lifeboat's buttons, as every handler needs it: who clicked, the id the button
 * carries (a request's or a run's), and the message it sits on.
 *
 * @param channel the message's channel, or null when Slack did not say
 * @param messageTs the message's timestamp, or null when Slack did not say
 */
record SlackClick(String user, String value, String channel, String messageTs) {
  private static final Logger LOG = LoggerFactory.getLogger(SlackClick.class);

  /**
   * The payload's first action; empty for a payload without one, or for a click Slack delivers
   * again (the same person, button and time), which {@code dedupe} has seen.
   */
  static Optional<SlackClick> of(BlockActionPayload p, Dedupe dedupe) {
    if (p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) {
      return Optional.empty();
    }
    BlockActionPayload.Action action = p.getActions().get(0);
    if (!dedupe.first(Dedupe.click(p.getUser().getId(), action.getActionId(),
        action.getActionTs()))) {
      return Optional.empty();
    }
    String channel = p.getContainer() != null && p.getContainer().getChannelId() != null
        ? p.getContainer().getChannelId() : p.getChannel() == null ? null : p.getChannel().getId();
    String ts = p.getContainer() == null ? null : p.getContainer().getMessageTs();
    return Optional.of(new SlackClick(p.getUser().getId(), action.getValue(), channel, ts));
  }

  /** The id the button carries; empty, and logged, for a value Lifeboat never puts there. */
  OptionalLong id() {
    try {
      return OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      LOG.warn("A button with an unexpected value: {}", value);
      return OptionalLong.empty();
    }
  }
}
