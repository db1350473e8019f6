package dev.lifeboat.bot.discord;

import dev.lifeboat.bot.chat.ChatBoard;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.ChatReactions;
import dev.lifeboat.bot.chat.ChatSurface;
import dev.lifeboat.bot.chat.Dedupe;
import dev.lifeboat.bot.chat.LiveMessages;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approve and Deny, by button or by reaction (✅ / ❌) on a request card, mapped onto the shared
 * inbound path exactly like /approve; the same reactions on a run's message while its checklist
 * waits continue or abort it ({@link ChatReactions} decides which), and so do its Continue and
 * Abort buttons. A click is answered only to the person who clicked (an
 * ephemeral reply: what counted, or why it did not); the card itself changes for everyone
 * through the engine's event. A reaction has no private answer in Discord: a refusal is a short
 * reply that mentions the person.
 */
final class DiscordApprovals {
  private static final Logger LOG = LoggerFactory.getLogger(DiscordApprovals.class);

  private final ChatInbound inbound;
  private final ChatBoard<DiscordMessage> board;
  private final LiveMessages<DiscordMessage> out;
  private final DiscordRenderer render;
  private final Dedupe dedupe;
  private final Executor work;
  private final AcksFirst acks;
  private final ChatReactions reactions;

  DiscordApprovals(ChatInbound inbound, ChatBoard<DiscordMessage> board,
      LiveMessages<DiscordMessage> out, DiscordRenderer render, Dedupe dedupe, Executor work,
      AcksFirst acks) {
    this.acks = acks;
    this.reactions = new ChatReactions(inbound, board);
    this.inbound = inbound;
    this.board = board;
    this.out = out;
    this.render = render;
    this.dedupe = dedupe;
    this.work = work;
  }

  void onButton(ButtonInteractionEvent event) {
    String id = event.getComponentId();
    boolean approve = id.startsWith(DiscordRenderer.APPROVE);
    boolean checklist = id.startsWith(DiscordRenderer.CONTINUE)
        || id.startsWith(DiscordRenderer.ABORT);
    if (!approve && !id.startsWith(DiscordRenderer.DENY) && !checklist) {
      return; // not one of ours
    }
    if (!dedupe.first(Dedupe.event(event.getId()))) {
      return;
    }
    long number; // the request's, or for Continue and Abort the run's
    try {
      number = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      LOG.warn("A button with an unexpected id: {}", id);
      return;
    }
    String user = event.getUser().getId();
    Set<String> roles = DiscordCommands.roles(event.getMember());
    ChatSurface.Posted card = new ChatSurface.Posted(event.getChannelId(),
        event.getMessageId());
    // As with commands: the decision is taken once Discord has the acknowledgement.
    acks.sending();
    event.deferReply(true).queue(ok -> {
      acks.sent();
      later(() -> {
        if (checklist) {
          answer(event, inbound.answer(user, roles, number,
              id.startsWith(DiscordRenderer.CONTINUE), "button"));
        } else {
          decide(event, number, approve, user, roles, card);
        }
      });
    }, e -> {
      acks.sent();
      LOG.warn("Could not acknowledge a click in time, so it did not count: {}", e.toString());
    });
  }

  private void decide(ButtonInteractionEvent event, long request, boolean approve, String user,
      Set<String> roles, ChatSurface.Posted card) {
    // The click says where the card is: after a restart it is edited, not posted again.
    board.remember(request, card);
    answer(event, inbound.decide(user, roles, request, approve, "button"));
  }

  /** What the click did, or why not, to the person who clicked only. */
  private void answer(ButtonInteractionEvent event, ChatInbound.Answer answer) {
    event.getHook().editOriginal(DiscordRenderer.cut(render.text(answer.lines()),
        DiscordMessage.CONTENT)).setAllowedMentions(List.of()).queue(done -> { },
            e -> LOG.warn("Could not answer a click: {}", e.toString()));
  }

  void onReaction(MessageReactionAddEvent event) {
    if (event.getUserIdLong() == event.getJDA().getSelfUser().getIdLong()) {
      return;
    }
    String emoji = event.getEmoji().getName();
    boolean approve = DiscordRenderer.APPROVE_REACTION.equals(emoji);
    if (!approve && !DiscordRenderer.DENY_REACTION.equals(emoji)) {
      return;
    }
    String user = event.getUserId();
    // A reaction has no id of its own; after a resume Discord may send it again.
    if (!dedupe.first(Dedupe.click(user, "reaction-" + emoji, event.getMessageId()))) {
      return;
    }
    Set<String> roles = DiscordCommands.roles(event.getMember());
    ChatSurface.Posted at = new ChatSurface.Posted(event.getChannel().getId(),
        event.getMessageId());
    later(() -> {
      try {
        // On a card it approves or denies, on a run that waits it continues or aborts; a
        // decision that counted shows on the message for everyone, only a refusal is said.
        reactions.react(user, roles, at, approve).filter(answer -> answer.reply().isEmpty())
            .ifPresent(answer -> out.ephemeral(at.channel(), user, render.text(answer.lines())));
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private void later(Runnable task) {
    try {
      work.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.warn("Lifeboat is stopping; an approval click or reaction was not handled");
    }
  }
}
