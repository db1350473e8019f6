package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asContextElements;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import dev.lifeboat.approval.Approval;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Block Kit of an approval request: what will happen, who asked, who may approve, the
 * buttons while it is open, and then how it ended. The request id is in the buttons' values
 * and in the block ids, so a click or a reaction on any copy of this message, even one posted
 * before a restart, leads back to the request.
 */
final class ApprovalCard {
  static final String APPROVE = "lifeboat_approve";
  static final String DENY = "lifeboat_deny";
  static final String APPROVE_REACTION = "white_check_mark";
  static final String DENY_REACTION = "x";
  private static final String BLOCK_PREFIX = "lifeboat-approval-a";
  private static final Pattern BLOCK_ID = Pattern.compile(Pattern.quote(BLOCK_PREFIX)
      + "(\\d{1,15})(?:-.*)?");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private ApprovalCard() {}

  /**
   * @param approvers names of the people who may approve
   * @param outcome how it ended or what just happened, empty while nothing has
   */
  static LiveMessage.Content render(ApprovalRequest r, List<String> approvers,
      Optional<String> outcome, SlackPeople people) {
    boolean open = r.state() == ApprovalState.PENDING;
    List<LayoutBlock> blocks = new ArrayList<>();
    String head = (open ? ":closed_lock_with_key:" : emoji(r.state())) + " *" + r.ref() + " · "
        + Mrkdwn.escape(r.runbook()) + " of " + Mrkdwn.escape(r.target()) + "* · asked by "
        + people.mention(r.requestedBy()) + "\n" + Mrkdwn.escape(r.statement())
        + r.cautions().stream().map(c -> "\n:warning: *" + Mrkdwn.escape(c) + "*")
            .collect(java.util.stream.Collectors.joining());
    blocks.add(section(s -> s.blockId(BLOCK_PREFIX + r.id())
        .text(markdownText(Mrkdwn.truncate(head, Mrkdwn.SECTION)))));

    StringBuilder status = new StringBuilder();
    List<String> given = r.approvals().stream().map(Approval::person)
        .filter(p -> !p.equals(r.requestedBy())).distinct().toList();
    if (!given.isEmpty()) {
      status.append("Approved by ").append(people.mentions(given)).append('\n');
    }
    if (open) {
      status.append("Needs ").append(r.required()).append(" approval")
          .append(r.required() == 1 ? "" : "s").append(" from ")
          .append(people.mentions(approvers)).append(" · expires ")
          .append(TIME.format(r.expiresAt())).append(" (after ")
          .append(Ago.of(Duration.between(r.createdAt(), r.expiresAt()))).append(")\n")
          .append("Approve with the button or react :").append(APPROVE_REACTION)
          .append(":; deny with :").append(DENY_REACTION).append(":. The requester's own "
              + "approval does not count.");
    }
    outcome.ifPresent(o -> {
      if (status.length() > 0 && status.charAt(status.length() - 1) != '\n') {
        status.append('\n');
      }
      status.append(o);
    });
    if (status.length() > 0) {
      String text = status.toString().strip();
      blocks.add(section(s -> s.blockId(BLOCK_PREFIX + r.id() + "-status")
          .text(markdownText(Mrkdwn.truncate(text, Mrkdwn.SECTION)))));
    }
    if (open) {
      String value = Long.toString(r.id());
      blocks.add(actions(BLOCK_PREFIX + r.id() + "-actions", asElements(
          button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary")
              .value(value)),
          button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(value)))));
    }
    blocks.add(context(c -> c.blockId(BLOCK_PREFIX + r.id() + "-context").elements(
        asContextElements(markdownText("/approve " + r.ref() + " · /deny " + r.ref()
            + " [reason] · state: " + r.state().label())))));
    String fallback = r.ref() + ": " + r.requestedBy() + " asks to " + r.runbook() + " "
        + r.target() + (open ? " (needs approval)" : " (" + r.state().label() + ")");
    return new LiveMessage.Content(fallback, blocks);
  }

  /** The request a block id names, if it is one of ours. */
  static OptionalLong requestId(String blockId) {
    if (blockId == null) {
      return OptionalLong.empty();
    }
    Matcher m = BLOCK_ID.matcher(blockId);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private static String emoji(ApprovalState state) {
    return switch (state) {
      case APPROVED -> ":white_check_mark:";
      case DENIED -> ":no_entry_sign:";
      case EXPIRED -> ":hourglass:";
      case CANCELLED -> ":leftwards_arrow_with_hook:";
      case BROKEN_GLASS -> ":rotating_light:";
      case STALE -> ":warning:";
      case PENDING -> ":closed_lock_with_key:";
    };
  }
}
