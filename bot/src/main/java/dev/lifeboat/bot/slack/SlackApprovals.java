package dev.lifeboat.bot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.event.ReactionAddedEvent;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Person;
import dev.lifeboat.approval.ApprovalService;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approve and Deny, by button or by reaction (:white_check_mark: / :x:) on a request message.
 * Both go to the engine's {@link ApprovalService} exactly like /approve does, so the two-person
 * rule is the engine's: a refusal (the requester's own approval, someone not allowed) comes back
 * as an exception whose message is shown only to the person who clicked or reacted.
 */
final class SlackApprovals {
  private static final Logger LOG = LoggerFactory.getLogger(SlackApprovals.class);

  private final ApprovalService approvals;
  private final ApprovalMessages messages;
  private final SlackPeople people;
  private final Outbox outbox;
  private final Dedupe dedupe;
  private final Executor work;

  SlackApprovals(ApprovalService approvals, ApprovalMessages messages, SlackPeople people,
      Outbox outbox, Dedupe dedupe, Executor work) {
    this.approvals = approvals;
    this.messages = messages;
    this.people = people;
    this.outbox = outbox;
    this.dedupe = dedupe;
    this.work = work;
  }

  void register(App app) {
    app.blockAction(ApprovalCard.APPROVE, (req, ctx) -> {
      click(req.getPayload(), true);
      return ctx.ack();
    });
    app.blockAction(ApprovalCard.DENY, (req, ctx) -> {
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

  private void click(BlockActionPayload p, boolean approve) {
    if (p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) {
      return;
    }
    BlockActionPayload.Action action = p.getActions().get(0);
    if (!dedupe.first(Dedupe.click(p.getUser().getId(), action.getActionId(),
        action.getActionTs()))) {
      return;
    }
    String channel = p.getContainer() != null && p.getContainer().getChannelId() != null
        ? p.getContainer().getChannelId() : p.getChannel() == null ? null : p.getChannel().getId();
    String ts = p.getContainer() == null ? null : p.getContainer().getMessageTs();
    later(() -> {
      long id;
      try {
        id = Long.parseLong(action.getValue());
      } catch (NumberFormatException e) {
        LOG.warn("A button with an unexpected value: {}", action.getValue());
        return;
      }
      if (channel != null && ts != null) {
        messages.remember(id, new SlackCalls.Posted(channel, ts));
      }
      decide(id, p.getUser().getId(), channel, approve, "button");
    });
  }

  private void reaction(ReactionAddedEvent e) {
    boolean approve = ApprovalCard.APPROVE_REACTION.equals(e.getReaction());
    boolean deny = ApprovalCard.DENY_REACTION.equals(e.getReaction());
    if ((!approve && !deny) || e.getItem() == null || !"message".equals(e.getItem().getType())) {
      return;
    }
    OptionalLong id = messages.requestAt(e.getItem().getChannel(), e.getItem().getTs());
    if (id.isEmpty()) {
      return;
    }
    decide(id.getAsLong(), e.getUser(), e.getItem().getChannel(), approve, "reaction");
  }

  private void decide(long id, String userId, String channel, boolean approve, String via) {
    Optional<Person> person = people.bySlackId(userId);
    if (person.isEmpty()) {
      tell(channel, userId, SlackPeople.stranger(userId));
      return;
    }
    try {
      if (approve) {
        approvals.approve(id, person.get(), via);
      } else {
        approvals.deny(id, person.get(), "", via);
      }
      // The request message changes for everyone (the engine's event); nothing else to say.
    } catch (LifeboatException e) {
      tell(channel, userId, ":warning: " + Mrkdwn.escape(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("Approval a{} by {} via {} failed", id, person.get().name(), via, e);
      tell(channel, userId, ":warning: Something went wrong inside Lifeboat; nothing changed. "
          + "The operators' log has the details.");
    }
  }

  private void tell(String channel, String userId, String text) {
    if (channel != null && userId != null) {
      outbox.ephemeral(channel, userId, text);
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
