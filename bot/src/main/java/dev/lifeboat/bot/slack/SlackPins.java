package dev.lifeboat.bot.slack;

import com.slack.api.model.event.ReactionAddedEvent;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.ChatSurface;
import dev.lifeboat.bot.chat.LiveMessages;
import dev.lifeboat.run.Origin;

/**
 * A :pushpin: reaction on a message in an incident's channel puts that message into the
 * incident's timeline, through the shared inbound path. Elsewhere a pin is just a pin.
 */
final class SlackPins {
  private final ChatInbound inbound;
  private final LiveMessages<SlackMessage> out;
  private final BlockKit render;

  SlackPins(ChatInbound inbound, LiveMessages<SlackMessage> out, BlockKit render) {
    this.inbound = inbound;
    this.out = out;
    this.render = render;
  }

  void pinned(ReactionAddedEvent e) {
    if (e.getItem() == null || !"message".equals(e.getItem().getType()) || e.getUser() == null) {
      return;
    }
    String channel = e.getItem().getChannel();
    String ts = e.getItem().getTs();
    String text = out.read(new ChatSurface.Posted(channel, ts))
        .orElse("a message (ts " + ts + ") Lifeboat could not read");
    inbound.mark(e.getUser(), text, new Origin("slack", channel, ""))
        // A note that counted shows in the channel for everyone; only a refusal is said here.
        .filter(answer -> answer.reply().isEmpty())
        .ifPresent(answer -> out.ephemeral(channel, e.getUser(), render.text(answer.lines())));
  }
}
