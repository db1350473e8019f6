package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.approval.Approval;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalService;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.ApprovalCancelled;
import dev.lifeboat.event.LifeboatEvent.ApprovalDenied;
import dev.lifeboat.event.LifeboatEvent.ApprovalEvent;
import dev.lifeboat.event.LifeboatEvent.ApprovalExpired;
import dev.lifeboat.event.LifeboatEvent.ApprovalGranted;
import dev.lifeboat.event.LifeboatEvent.ApprovalRequested;
import dev.lifeboat.event.LifeboatEvent.BreakGlassUsed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message per approval request, kept up to date as people approve, deny, or time runs out;
 * and the way back from a message to its request when a reaction arrives.
 *
 * <p>The mapping lives in memory. A restart forgets it; then a click still works (the request
 * id is the button's value) and a reaction is resolved by reading the message back
 * (conversations.history) and finding the request id in its block ids. Either way the message
 * is remembered again, so later updates edit it rather than post a new one.
 */
final class ApprovalMessages {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalMessages.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final Outbox outbox;
  private final SlackPeople people;
  private final ApprovalService approvals;
  private final Channels channels;
  private final SlackCalls.Bot bot;
  private final Map<Long, LiveMessage> byRequest = new ConcurrentHashMap<>();
  private final Map<SlackCalls.Posted, Long> byMessage = new ConcurrentHashMap<>();

  ApprovalMessages(Outbox outbox, SlackPeople people, ApprovalService approvals,
      Channels channels, SlackCalls.Bot bot) {
    this.outbox = outbox;
    this.people = people;
    this.approvals = approvals;
    this.channels = channels;
    this.bot = bot;
  }

  void on(ApprovalEvent event) {
    ApprovalRequest r = event.request();
    Optional<LiveMessage> message = message(r);
    if (message.isEmpty()) {
      return;
    }
    List<String> approvers = event instanceof ApprovalRequested e ? e.approvers()
        : approvers(r);
    message.get().show(ApprovalCard.render(r, approvers, outcome(event), people));
    if (event instanceof BreakGlassUsed e) {
      // Loud on purpose: one person ran a destructive plan alone; the approvers must know.
      String text = ":rotating_light: *BREAK-GLASS*: " + people.mention(e.by()) + " runs "
          + Mrkdwn.escape(r.runbook()) + " of " + Mrkdwn.escape(r.target()) + " as "
          + e.run().ref() + " *without approval*. Reason: " + Mrkdwn.escape(e.reason())
          + "\ncc " + people.mentions(approvers);
      outbox.message(message.get().channel(), p -> {}).show(new LiveMessage.Content(
          "BREAK-GLASS: " + e.by() + " runs " + r.runbook() + " of " + r.target(),
          List.of(section(s -> s.text(markdownText(Mrkdwn.truncate(text, Mrkdwn.SECTION)))))));
    }
  }

  /** A click or reaction showed where the request's message is: edit that one from now on. */
  void remember(long requestId, SlackCalls.Posted where) {
    byMessage.put(where, requestId);
    byRequest.computeIfAbsent(requestId, id -> outbox.message(where.channel(), p -> {})
        .at(where.ts()));
  }

  /** The request whose message is at {@code channel}/{@code ts}, if it is one of ours. */
  OptionalLong requestAt(String channel, String ts) {
    SlackCalls.Posted where = new SlackCalls.Posted(channel, ts);
    Long known = byMessage.get(where);
    if (known != null) {
      return OptionalLong.of(known);
    }
    // Not posted by this process, or the reaction beat chat.postMessage's answer.
    try {
      Optional<Message> m = outbox.calls().message(channel, ts);
      if (m.isEmpty() || !fromLifeboat(m.get()) || m.get().getBlocks() == null) {
        return OptionalLong.empty();
      }
      for (LayoutBlock block : m.get().getBlocks()) {
        OptionalLong id = ApprovalCard.requestId(block.getBlockId());
        if (id.isPresent()) {
          remember(id.getAsLong(), where);
          return id;
        }
      }
    } catch (SlackCallFailed e) {
      LOG.warn("Could not read the message {} in {} to find its approval request: {}", ts,
          channel, e.getMessage());
    }
    return OptionalLong.empty();
  }

  private boolean fromLifeboat(Message m) {
    // Anyone can post blocks with our block ids through their own app; only ours count.
    return (bot.userId() != null && bot.userId().equals(m.getUser()))
        || (bot.botId() != null && bot.botId().equals(m.getBotId()));
  }

  private Optional<LiveMessage> message(ApprovalRequest r) {
    LiveMessage existing = byRequest.get(r.id());
    if (existing != null) {
      return Optional.of(existing);
    }
    return channels.of(r.origin()).map(channel -> byRequest.computeIfAbsent(r.id(),
        id -> outbox.message(channel, posted -> byMessage.put(posted, id))));
  }

  private List<String> approvers(ApprovalRequest r) {
    try {
      return approvals.approvers(r);
    } catch (LifeboatException e) {
      return List.of();
    }
  }

  private Optional<String> outcome(ApprovalEvent event) {
    ApprovalRequest r = event.request();
    if (event instanceof ApprovalGranted e) {
      String via = r.approvals().stream().filter(a -> a.person().equals(e.by()))
          .map(Approval::via).filter(Objects::nonNull).reduce((a, b) -> b).orElse("command");
      return Optional.of(":+1: " + people.mention(e.by()) + " approved by " + via + " ("
          + e.count() + "/" + e.required() + ")" + e.run().map(run -> " · running " + run.ref())
              .orElse(" · waiting for " + (e.required() - e.count()) + " more"));
    } else if (event instanceof ApprovalDenied e) {
      return Optional.of(":no_entry_sign: Denied by " + people.mention(e.by()) + ": "
          + Mrkdwn.escape(e.reason()) + ". Nothing ran.");
    } else if (event instanceof ApprovalExpired) {
      return Optional.of(":hourglass: Expired at " + TIME.format(r.expiresAt())
          + " without enough approvals; nothing ran.");
    } else if (event instanceof ApprovalCancelled e) {
      return Optional.of(":leftwards_arrow_with_hook: Withdrawn by " + people.mention(e.by())
          + "; nothing ran.");
    } else if (event instanceof LifeboatEvent.ApprovalStale e) {
      return Optional.of(":warning: Void: " + Mrkdwn.escape(e.change()) + " since "
          + people.mention(r.requestedBy()) + " asked, so this is not the plan that would run. "
          + "Nothing ran. Ask again: `" + Mrkdwn.escape(e.askAgain()) + "`");
    } else if (event instanceof BreakGlassUsed e) {
      return Optional.of(":rotating_light: Run *without approval* by " + people.mention(e.by())
          + " (break-glass) as " + e.run().ref() + ". Reason: " + Mrkdwn.escape(e.reason()));
    }
    return Optional.empty();
  }
}
