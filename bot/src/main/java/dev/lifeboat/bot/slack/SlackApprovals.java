package dev.lifeboat.bot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.event.ReactionAddedEvent;
import dev.lifeboat.bot.chat.ChatBoard;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.ChatReactions;
import dev.lifeboat.bot.chat.ChatSurface;
import dev.lifeboat.bot.chat.Dedupe;
import dev.lifeboat.bot.chat.LiveMessages;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approve and Deny, by button or by reaction (:white_check_mark: / :x:) on a request card,
 * mapped onto the shared inbound path exactly like /approve; the same reactions on a run's
 * message while its checklist waits continue or abort it ({@link ChatReactions} decides
 * which). A refusal (the requester's own approval, someone not allowed) is shown only to the person who clicked or reacted; the card
 * itself changes for everyone through the engine's event.
 */
final class SlackApprovals {
  private static final Logger LOG = LoggerFactory.getLogger(SlackApprovals.class);

  private final ChatInbound inbound;
  private final ChatBoard<SlackMessage> board;
  private final LiveMessages<SlackMessage> out;
  private final BlockKit render;
  private final Dedupe dedupe;
  private final Executor work;
  private final ChatReactions reactions;
  private final SlackPins pins;

  SlackApprovals(ChatInbound inbound, ChatBoard<SlackMessage> board,
      LiveMessages<SlackMessage> out, BlockKit render, Dedupe dedupe, Executor work) {
    this.pins = new SlackPins(inbound, out, render);
    this.inbound = inbound;
    this.board = board;
    this.out = out;
    this.render = render;
    this.dedupe = dedupe;
    this.work = work;
    this.reactions = new ChatReactions(inbound, board);
  }

  void register(App app) {
    app.blockAction(BlockKit.APPROVE, (req, ctx) -> {
      click(req.getPayload(), true);
      return ctx.ack();
    });
    app.blockAction(BlockKit.DENY, (req, ctx) -> {
      click(req.getPayload(), false);
      return ctx.ack();
    });
    app.event(ReactionAddedEvent.class, (payload, ctx) -> {
      if (dedupe.first(Dedupe.event(payload.getEventId()))) {
        later(() -> reaction(payload.getEvent()));
      }
      return ctx.ack();
    });
  }

  private void click(BlockActionPayload payload, boolean approve) {
    SlackClick click = SlackClick.of(payload, dedupe).orElse(null);
    if (click == null) {
      return;
    }
    later(() -> click.id().ifPresent(id -> {
      if (click.channel() != null && click.messageTs() != null) {
        board.remember(id, new ChatSurface.Posted(click.channel(), click.messageTs()));
      }
      decide(id, click.user(), click.channel(), approve, "button");
    }));
  }

  private void reaction(ReactionAddedEvent e) {
    if (BlockKit.PIN_REACTION.equals(e.getReaction())) {
      pins.pinned(e);
      return;
    }
    boolean yes = BlockKit.APPROVE_REACTION.equals(e.getReaction());
    boolean no = BlockKit.DENY_REACTION.equals(e.getReaction());
    if ((!yes && !no) || e.getItem() == null || !"message".equals(e.getItem().getType())) {
      return;
    }
    // On a card it approves or denies, on a run that waits it continues or aborts.
    try {
      reactions.react(e.getUser(), new ChatSurface.Posted(e.getItem().getChannel(),
          e.getItem().getTs()), yes).ifPresent(answer -> refusal(answer,
              e.getItem().getChannel(), e.getUser()));
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private void decide(long id, String userId, String channel, boolean approve, String via) {
    refusal(inbound.decide(userId, id, approve, via), channel, userId);
  }

  /** A decision that counted shows on its message for everyone; only a refusal is said here. */
  private void refusal(ChatInbound.Answer answer, String channel, String userId) {
    if (answer.reply().isEmpty() && channel != null && userId != null) {
      out.ephemeral(channel, userId, render.text(answer.lines()));
    }
  }

  private void later(Runnable task) {
    try {
      work.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.warn("Lifeboat is stopping; an approval click or reaction was not handled");
    }
  }
}
