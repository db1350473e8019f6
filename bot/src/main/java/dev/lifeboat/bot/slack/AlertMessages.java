package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import dev.lifeboat.alert.Alert;
import dev.lifeboat.event.LifeboatEvent.AlertAcknowledged;
import dev.lifeboat.event.LifeboatEvent.AlertEscalated;
import dev.lifeboat.event.LifeboatEvent.AlertEvent;
import dev.lifeboat.event.LifeboatEvent.AlertRaised;
import dev.lifeboat.event.LifeboatEvent.AlertResolved;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.Origin;
import java.util.List;
import java.util.Optional;

/**
 * Alerts in the configured channel, one message per event so each ping notifies the people it
 * mentions. Simple on purpose: the shared chat layer will take these events over.
 */
final class AlertMessages {
  private final Outbox outbox;
  private final SlackPeople people;
  private final Channels channels;

  AlertMessages(Outbox outbox, SlackPeople people, Channels channels) {
    this.outbox = outbox;
    this.people = people;
    this.channels = channels;
  }

  void on(AlertEvent event) {
    Optional<String> channel = channels.of(Origin.of("monitor"));
    if (channel.isEmpty()) {
      return;
    }
    Alert a = event.alert();
    String text = switch (event) {
      case AlertRaised e -> ":rotating_light: `" + a.ref() + "` *" + Mrkdwn.escape(a.target())
          + "*: " + Mrkdwn.escape(a.summary()) + cc(e.mentions()) + " · /ack " + a.ref()
          + " takes it";
      case AlertEscalated e -> ":rotating_light: `" + a.ref() + "` still open, nobody took it "
          + "(level " + e.level() + " of " + e.of() + "): " + Mrkdwn.escape(a.summary())
          + cc(e.mentions()) + " · /ack " + a.ref() + " takes it";
      case AlertAcknowledged e -> ":eyes: `" + a.ref() + "` taken by " + people.mention(e.by())
          + "; escalation stopped.";
      case AlertResolved e -> ":white_check_mark: `" + a.ref() + "` resolved after "
          + Ago.of(e.open()) + ": " + Mrkdwn.escape(a.target()) + " is healthy again ("
          + Mrkdwn.escape(a.monitor()) + ").";
    };
    String plain = a.ref() + " " + a.target() + ": " + a.summary();
    outbox.message(channel.get(), p -> {}).show(new LiveMessage.Content(
        Mrkdwn.truncate(plain, 300),
        List.of(section(s -> s.text(markdownText(Mrkdwn.truncate(text, Mrkdwn.SECTION)))))));
  }

  private String cc(List<String> mentions) {
    return mentions.isEmpty() ? "" : "\ncc " + people.mentions(mentions);
  }
}
